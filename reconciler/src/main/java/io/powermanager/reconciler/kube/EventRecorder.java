package io.powermanager.reconciler.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.powermanager.reconciler.LogKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about objects. An Event is written once per object, reason and message for
 * as long as the process runs (a bounded memory of what was said), so a reconcile that runs again
 * over the same problem — on every resync — writes nothing new. A restarted manager repeats each
 * message once. Failures to record are logged and swallowed: an Event is a courtesy, never a reason
 * to fail a reconcile. Thread-safe.
 */
public final class EventRecorder {

  /** {@code type} of an Event. */
  public enum Type {
    NORMAL("Normal"),
    WARNING("Warning");

    private final String value;

    Type(String value) {
      this.value = value;
    }
  }

  private static final Logger LOGGER = LoggerFactory.getLogger(EventRecorder.class);
  private static final int REMEMBERED = 4096;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final java.util.function.Consumer<Event> sink;
  private final Clock clock;
  private final String component;
  private final String instance;
  private final Map<String, Boolean> said =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * @param sink writes an Event to the API server ({@link FabricWriter#createEvent})
   * @param component {@code source.component} and {@code reportingComponent}
   * @param instance {@code reportingInstance}: this replica
   */
  public EventRecorder(
      java.util.function.Consumer<Event> sink, Clock clock, String component, String instance) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.component = Objects.requireNonNull(component, "component");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, Type.WARNING, reason, message);
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, Type.NORMAL, reason, message);
  }

  private void record(HasMetadata about, Type type, String reason, String message) {
    String memory =
        about.getKind()
            + "/"
            + Objects.requireNonNullElse(
                about.getMetadata().getUid(), about.getMetadata().getName())
            + "/"
            + reason
            + "/"
            + message;
    synchronized (said) {
      if (said.put(memory, Boolean.TRUE) != null) {
        return;
      }
    }
    try {
      sink.accept(event(about, type, reason, message));
    } catch (RuntimeException e) {
      synchronized (said) {
        said.remove(memory);
      }
      LOGGER
          .atWarn()
          .addKeyValue(LogKeys.KIND, about.getKind())
          .addKeyValue(LogKeys.NAME, about.getMetadata().getName())
          .addKeyValue(LogKeys.REASON, reason)
          .setCause(e)
          .log("could not record an Event");
    }
  }

  Event event(HasMetadata about, Type type, String reason, String message) {
    String namespace = about.getMetadata().getNamespace();
    String eventNamespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    return new EventBuilder()
        .withNewMetadata()
        .withName(eventName(about.getMetadata().getName(), clock.instant()))
        .withNamespace(eventNamespace)
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(about.getApiVersion())
                .withKind(about.getKind())
                .withName(about.getMetadata().getName())
                .withNamespace(namespace)
                .withUid(about.getMetadata().getUid())
                .build())
        .withType(type.value)
        .withReason(reason)
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(component)
        .endSource()
        .withReportingComponent(component)
        .withReportingInstance(instance)
        .build();
  }

  /** {@code <object>.<hex>}, unique per process and instant, like kubectl's recorder. */
  private static String eventName(String object, Instant now) {
    long unique = now.toEpochMilli() * 1000 + SEQUENCE.incrementAndGet() % 1000;
    String prefix = object.length() > 230 ? object.substring(0, 230) : object;
    return prefix + "." + Long.toHexString(unique);
  }
}
