package dev.campaigntick.admin;

import dev.campaigntick.audience.ImportResult;
import dev.campaigntick.audience.PhoneNumbers;
import dev.campaigntick.audience.RecipientImporter;
import dev.campaigntick.campaign.Campaign;
import dev.campaigntick.campaign.CampaignRepository;
import dev.campaigntick.campaign.CampaignRequest;
import dev.campaigntick.campaign.CampaignValidator;
import dev.campaigntick.time.TimeSource;
import dev.campaigntick.web.AdminSecured;
import dev.campaigntick.web.ApiDocumentation;
import dev.campaigntick.web.ApiException;
import dev.campaigntick.web.QueryParams;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Campaigns: create, read, list, the state machine, and contact imports. */
@Path("/api/campaigns")
@AdminSecured
@SecurityRequirement(name = ApiDocumentation.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns")
public class CampaignResource {

  private static final Logger LOG = Logger.getLogger(CampaignResource.class);

  public static final Set<String> STATUSES =
      Set.of("DRAFT", "SCHEDULED", "RUNNING", "PAUSED", "COMPLETED", "CANCELLED");

  /** The body of {@code POST .../schedule}. */
  public record Schedule(Instant scheduledAt) {}

  private final CampaignRepository campaigns;
  private final RecipientImporter importer;
  private final TimeSource time;

  public CampaignResource(
      CampaignRepository campaigns, RecipientImporter importer, TimeSource time) {
    this.campaigns = campaigns;
    this.importer = importer;
    this.time = time;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a campaign (SCHEDULED with scheduledAt, else DRAFT)")
  public Response create(CampaignRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
    CampaignValidator.Valid valid = CampaignValidator.validate(request);
    long id = campaigns.insert(valid, time.now());
    Campaign created = get(id);
    LOG.infof("campaign %d created for %s (%s)", id, created.organizationId(), created.status());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(id)).build())
        .entity(created)
        .build();
  }

  @GET
  @Operation(summary = "List campaigns, newest first, with progress")
  public Page<Campaign> list(
      @QueryParam("organizationId") String organizationId,
      @QueryParam("status") String status,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    String wanted = QueryParams.optional(status) == null ? null : status.toUpperCase(Locale.ROOT);
    if (wanted != null && !STATUSES.contains(wanted)) {
      throw ApiException.badRequest("status must be one of " + STATUSES);
    }
    int size = Page.limit(limit);
    List<Campaign> fetched =
        campaigns.list(QueryParams.optional(organizationId), wanted, Page.after(cursor), size + 1);
    return Page.of(fetched, size, Campaign::id);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A campaign with its progress and job counts")
  public Campaign get(@PathParam("id") long id) {
    return campaigns.find(id).orElseThrow(() -> ApiException.notFound("No campaign with id " + id));
  }

  @POST
  @Path("/{id}/schedule")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Schedule (or reschedule) a draft or scheduled campaign")
  public Campaign schedule(@PathParam("id") long id, Schedule body) {
    if (body == null || body.scheduledAt() == null) {
      throw ApiException.badRequest("scheduledAt is required (an ISO-8601 instant)");
    }
    return transition(
        id, List.of("DRAFT", "SCHEDULED"), "SCHEDULED", body.scheduledAt(), "schedule");
  }

  @POST
  @Path("/{id}/pause")
  @Operation(summary = "Pause a scheduled or running campaign")
  public Campaign pause(@PathParam("id") long id) {
    return transition(id, List.of("SCHEDULED", "RUNNING"), "PAUSED", null, "pause");
  }

  @POST
  @Path("/{id}/resume")
  @Operation(summary = "Resume a paused campaign (RUNNING, or SCHEDULED if it never started)")
  public Campaign resume(@PathParam("id") long id) {
    return transition(id, List.of("PAUSED"), "RESUME", null, "resume");
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(summary = "Cancel a campaign: pending contacts and queued launches stop")
  public Campaign cancel(@PathParam("id") long id) {
    return transition(
        id, List.of("DRAFT", "SCHEDULED", "RUNNING", "PAUSED"), "CANCELLED", null, "cancel");
  }

  @POST
  @Path("/{id}/contacts")
  @Consumes({MediaType.APPLICATION_JSON, "text/csv"})
  @Operation(summary = "Import contacts from a JSON array or CSV with a phone column")
  public ImportResult importContacts(
      @PathParam("id") long id,
      @QueryParam("defaultRegion") String defaultRegion,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body) {
    Campaign campaign = get(id);
    if (Set.of("COMPLETED", "CANCELLED").contains(campaign.status())) {
      throw ApiException.conflict(
          "campaign " + id + " is " + campaign.status() + "; contacts can no longer be added");
    }
    String region = region(defaultRegion);
    ImportResult result =
        importer.importBody(
            contentType, body, RecipientImporter.Target.CAMPAIGN_CONTACTS, id, region, time.now());
    LOG.infof(
        "campaign %d: %d contacts added, %d duplicates, %d rejected",
        id, result.added(), result.duplicates(), result.rejectedCount());
    return result;
  }

  /** A checked defaultRegion, or null. */
  static String region(String defaultRegion) {
    if (defaultRegion == null || defaultRegion.isBlank()) {
      return null;
    }
    if (!PhoneNumbers.isKnownRegion(defaultRegion)) {
      throw ApiException.badRequest(
          "defaultRegion '" + defaultRegion + "' is not a region code like US or DE");
    }
    return defaultRegion.toUpperCase(Locale.ROOT);
  }

  private Campaign transition(
      long id, List<String> from, String to, Instant scheduledAt, String verb) {
    Campaign current = get(id);
    if (!campaigns.transition(id, from, to, scheduledAt, time.now())) {
      Campaign now = get(id);
      throw ApiException.conflict("cannot " + verb + " campaign " + id + ": it is " + now.status());
    }
    Campaign changed = get(id);
    LOG.infof("campaign %d: %s -> %s (%s)", id, current.status(), changed.status(), verb);
    return changed;
  }
}
