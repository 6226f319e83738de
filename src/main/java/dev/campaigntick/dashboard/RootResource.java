package dev.campaigntick.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The root of the function is the dashboard. */
@Path("/")
public class RootResource {

  @GET
  public Response root() {
    return Response.seeOther(URI.create("/dashboard")).build();
  }
}
