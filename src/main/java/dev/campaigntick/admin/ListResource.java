package dev.campaigntick.admin;

import dev.campaigntick.audience.AudienceRepository;
import dev.campaigntick.audience.AudienceRepository.AudienceList;
import dev.campaigntick.audience.ImportResult;
import dev.campaigntick.audience.RecipientImporter;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Audience lists: a campaign with a listId gets the members as recipients when it activates. */
@Path("/api/lists")
@AdminSecured
@SecurityRequirement(name = ApiDocumentation.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audience lists")
public class ListResource {

  /** The body of {@code POST /api/lists}. */
  public record NewList(String organizationId, String name) {}

  private final AudienceRepository audiences;
  private final RecipientImporter importer;
  private final TimeSource time;

  public ListResource(AudienceRepository audiences, RecipientImporter importer, TimeSource time) {
    this.audiences = audiences;
    this.importer = importer;
    this.time = time;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an audience list")
  public Response create(NewList body, @Context UriInfo uri) {
    if (body == null || body.organizationId() == null || body.organizationId().isBlank()) {
      throw ApiException.badRequest("organizationId is required");
    }
    if (body.name() == null || body.name().isBlank()) {
      throw ApiException.badRequest("name is required");
    }
    long id = audiences.createList(body.organizationId().trim(), body.name().trim(), time.now());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(id)).build())
        .entity(get(id))
        .build();
  }

  @GET
  @Operation(summary = "Audience lists, newest first")
  public Page<AudienceList> list(
      @QueryParam("organizationId") String organizationId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    int size = Page.limit(limit);
    return Page.of(
        audiences.lists(QueryParams.optional(organizationId), Page.after(cursor), size + 1),
        size,
        AudienceList::id);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "An audience list and its member count")
  public AudienceList get(@PathParam("id") long id) {
    return audiences
        .findList(id)
        .orElseThrow(() -> ApiException.notFound("No audience list with id " + id));
  }

  @POST
  @Path("/{id}/members")
  @Consumes({MediaType.APPLICATION_JSON, "text/csv"})
  @Operation(summary = "Import members from a JSON array or CSV with a phone column")
  public ImportResult importMembers(
      @PathParam("id") long id,
      @QueryParam("defaultRegion") String defaultRegion,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body) {
    get(id);
    String region = CampaignResource.region(defaultRegion);
    return importer.importBody(
        contentType, body, RecipientImporter.Target.LIST_MEMBERS, id, region, time.now());
  }
}
