package io.powermanager.api.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about objects, for the reconcilers, the agent and the informers alike. An
 * Event is written once per object, reason and message for as long as the process runs (a bounded
 * memory of what was said), so a reconcile that runs again over the same problem — on every resync
 * — writes nothing new. A restarted manager repeats each message once. Failures to record are
 * logged and swallowed: an Event is a courtesy, never a reason to fail a reconcile. Thread-safe.
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

  private final Consumer<Event> sink;
  private final Clock clock;
  private final String component;
  private final String instance;
  private final String host;
  private final Map<String, Boolean> said =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * @param sink writes an Event to the API server ({@link #creating})
   * @param component {@code source.component} and {@code reportingComponent}
   * @param instance {@code reportingInstance}: this replica
   */
  public EventRecorder(Consumer<Event> sink, Clock clock, String component, String instance) {
    this(sink, clock, component, instance, null);
  }

  private EventRecorder(
      Consumer<Event> sink, Clock clock, String component, String instance, String host) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.component = Objects.requireNonNull(component, "component");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.host = host;
  }

  /** The same recorder naming the node it runs on ({@code source.host}), as an agent's does. */
  public EventRecorder onHost(String node) {
    return new EventRecorder(sink, clock, component, instance, Objects.requireNonNull(node));
  }

  /** A sink that creates each Event through {@code client}. */
  public static Consumer<Event> creating(KubernetesClient client) {
    return e ->
        client.v1().events().inNamespace(e.getMetadata().getNamespace()).resource(e).create();
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(reference(about), Type.WARNING, reason, message);
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(reference(about), Type.NORMAL, reason, message);
  }

  /** Records an Event about the object {@code about} names (kind, name, namespace, uid). */
  public void record(ObjectReference about, Type type, String reason, String message) {
    String memory =
        about.getKind()
            + "/"
            + Objects.requireNonNullElse(about.getUid(), about.getName())
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
          .addKeyValue("kind", about.getKind())
          .addKeyValue("name", about.getName())
          .addKeyValue("reason", reason)
          .setCause(e)
          .log("could not record an Event");
    }
  }

  private static ObjectReference reference(HasMetadata about) {
    return new ObjectReferenceBuilder()
        .withApiVersion(about.getApiVersion())
        .withKind(about.getKind())
        .withName(about.getMetadata().getName())
        .withNamespace(about.getMetadata().getNamespace())
        .withUid(about.getMetadata().getUid())
        .build();
  }

  Event event(ObjectReference about, Type type, String reason, String message) {
    String namespace = about.getNamespace();
    String eventNamespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    return new EventBuilder()
        .withNewMetadata()
        .withName(eventName(about.getName(), clock.instant()))
        .withNamespace(eventNamespace)
        .endMetadata()
        .withInvolvedObject(about)
        .withType(type.value)
        .withReason(reason)
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(component)
        .withHost(host)
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
