package dev.campaigntick.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaigntick.audience.AudienceRepository;
import dev.campaigntick.audience.AudienceRepository.DoNotCall;
import dev.campaigntick.audience.ImportResult;
import dev.campaigntick.audience.PhoneNumbers;
import dev.campaigntick.time.TimeSource;
import dev.campaigntick.web.AdminSecured;
import dev.campaigntick.web.ApiDocumentation;
import dev.campaigntick.web.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The do-not-call list: a number on it is never called (its job is recorded SKIPPED). */
@Path("/api/do-not-call")
@AdminSecured
@SecurityRequirement(name = ApiDocumentation.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "do-not-call")
public class DoNotCallResource {

  /** One page of the list; the cursor is the last phone of the page. */
  public record DoNotCallPage(List<DoNotCall> items, String nextCursor) {}

  private final AudienceRepository audiences;
  private final TimeSource time;

  public DoNotCallResource(AudienceRepository audiences, TimeSource time) {
    this.audiences = audiences;
    this.time = time;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add numbers: [{\"phone\", \"reason\"?}]")
  public ImportResult add(JsonNode body, @QueryParam("defaultRegion") String defaultRegion) {
    if (body == null || !body.isArray()) {
      throw ApiException.badRequest("the body must be a JSON array of {\"phone\", \"reason\"?}");
    }
    String region = CampaignResource.region(defaultRegion);
    Map<String, DoNotCall> entries = new LinkedHashMap<>();
    List<ImportResult.Rejected> rejected = new ArrayList<>();
    int row = 0;
    int repeated = 0;
    Instant now = time.now();
    for (JsonNode item : body) {
      row++;
      String raw = item.hasNonNull("phone") ? item.get("phone").asText() : null;
      PhoneNumbers.Parsed phone = PhoneNumbers.normalise(raw, region);
      if (!phone.valid()) {
        rejected.add(new ImportResult.Rejected(row, raw, phone.error()));
        continue;
      }
      String reason = item.hasNonNull("reason") ? item.get("reason").asText() : null;
      if (entries.putIfAbsent(phone.e164(), new DoNotCall(phone.e164(), reason, now)) != null) {
        repeated++;
      }
    }
    int added = audiences.addDoNotCall(List.copyOf(entries.values()), now);
    return new ImportResult(
        added, repeated + entries.size() - added, rejected, rejected.size(), false);
  }

  @GET
  @Operation(summary = "The do-not-call list, in phone order")
  public DoNotCallPage list(
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    int size = Page.limit(limit);
    List<DoNotCall> fetched = audiences.doNotCall(cursor, size + 1);
    if (fetched.size() <= size) {
      return new DoNotCallPage(fetched, null);
    }
    List<DoNotCall> items = List.copyOf(fetched.subList(0, size));
    return new DoNotCallPage(items, items.get(size - 1).phone());
  }

  @DELETE
  @Path("/{phone}")
  @Operation(summary = "Remove a number")
  public Response remove(
      @PathParam("phone") String phone, @QueryParam("defaultRegion") String defaultRegion) {
    PhoneNumbers.Parsed parsed =
        PhoneNumbers.normalise(phone, CampaignResource.region(defaultRegion));
    if (!parsed.valid()) {
      throw ApiException.badRequest("phone " + phone + ": " + parsed.error());
    }
    if (!audiences.removeDoNotCall(parsed.e164())) {
      throw ApiException.notFound(parsed.e164() + " is not on the do-not-call list");
    }
    return Response.noContent().build();
  }
}
