package hello;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The yardstick of bench/startup.sh: a bare Quarkus REST application with one endpoint. */
@Path("/hello")
public class Hello {

  @GET
  public String hello() {
    return "hello";
  }
}
