package dev.campaigntick.dashboard;

import io.quarkus.qute.runtime.EngineProducer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;

/**
 * Builds Qute's engine when the dashboard first renders a page instead of at every start. Quarkus
 * marks its engine producer {@code @Startup}, so each start (every Lambda cold start among them)
 * parsed every dashboard template, loading ~210 classes (about 5 % of the time to the first tick
 * answer, docs/startup.md), for pages a tick never renders. The templates are still checked at
 * build time (type-safe templates); only the parse moves to the first page. Its shutdown observer
 * (which clears {@code Qute.fmt}'s cache) still builds the engine at shutdown; left as it is.
 */
public class LazyTemplateEngine implements BuildCompatibleExtension {

  @Enhancement(types = EngineProducer.class)
  public void buildOnFirstUse(ClassConfig producer) {
    producer.removeAnnotation(annotation -> annotation.name().equals(Startup.class.getName()));
  }
}
