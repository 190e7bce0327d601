package io.powermanager.api.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One informer set against the stand-in API server. Objects the Java model cannot decode are
 * written straight into its storage (the fabric8 mock in CRUD mode, which keeps what it is given),
 * around the schema validation that a real API server (and the front) would apply.
 */
class ClusterInformersIT {

  private static final String NS = "power";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private EmbeddedApiServer api;
  private KubernetesClient client;
  private KubernetesClient storage;

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private ClusterInformers informers;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
    client = api.client();
    storage = api.mock().createClient();
    PowerResources.install(client);
    informers =
        ClusterInformers.cluster(
            client,
            NS,
            registry,
            new EventRecorder(events::add, Clock.systemUTC(), "test", "test-1"));
  }

  @AfterEach
  void stop() {
    informers.close();
    storage.close();
    api.close();
  }

  @Test
  void anUndecodableProfileIsLeftOutAndTheInformerKeepsRunning() {
    // Given a good profile and a poison one (max beyond int) stored before the informer lists
    store(profile("good", 2000));
    store(profile("poison", 3_000_000_000L));

    // When
    informers.profiles();
    informers.start().join();

    // Then
    assertThat(names()).containsExactly("good");
    assertThat(informers.healthy()).isTrue();
    assertThat(undecodable()).isEqualTo(1);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo(ClusterInformers.UNDECODABLE_REASON);
              assertThat(e.getInvolvedObject().getName()).isEqualTo("poison");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("PowerProfile");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "cannot decode this PowerProfile; it is ignored until fixed: spec.max: Cannot"
                          + " construct instance of `io.fabric8.kubernetes.api.model.IntOrString`,"
                          + " problem: Either integer or string value needs to be provided");
            });
  }

  @Test
  void laterChangesStillArriveAfterAPoisonWatchEvent() {
    // Given
    profileInformerStartedOnAGoodProfile();

    // When two poisons arrive through the watch (beyond int, a fraction), then a good change
    store(profile("poison", 3_000_000_000L));
    store(profile("fraction", 3500.7));
    store(profile("next", 2100));

    // Then
    await().atMost(WAIT).until(() -> names().contains("next"));
    assertThat(names()).containsExactlyInAnyOrder("good", "next");
    assertThat(informers.healthy()).isTrue();
    assertThat(undecodable()).isEqualTo(2);
  }

  @Test
  void aProfileThatTurnsUndecodableKeepsItsLastGoodVersionUntilDeleted() {
    // Given
    profileInformerStartedOnAGoodProfile();

    // When it turns bad, then another profile changes (so the bad event has been processed)
    store(profile("good", 3_000_000_000L));
    store(profile("other", 2100));
    await().atMost(WAIT).until(() -> names().contains("other"));

    // Then the cache still serves the version it could decode
    assertThat(max("good")).isEqualTo(2000);
    assertThat(undecodable()).isEqualTo(1);

    // And when it is deleted, the deletion is seen; stored again, fixed, it is back
    client.genericKubernetesResources(context()).inNamespace(NS).withName("good").delete();
    await().atMost(WAIT).until(() -> !names().contains("good"));
    store(profile("good", 2200));
    await().atMost(WAIT).until(() -> names().contains("good"));
    assertThat(max("good")).isEqualTo(2200);
    assertThat(informers.healthy()).isTrue();
  }

  @Test
  void aStoppedInformerMakesTheSetUnhealthy() {
    // Given
    informers.profiles();
    informers.nodes();
    informers.start().join();
    assertThat(informers.healthy()).isTrue();

    // When
    informers.profiles().stop();

    // Then
    assertThat(informers.healthy()).isFalse();
  }

  @Test
  void informersAreCreatedOnlyWhenAsked() {
    // When
    informers.pods();
    informers.start().join();

    // Then an informer asked for after start runs at once
    informers.workloads();
    await().atMost(WAIT).until(informers::healthy);
  }

  private List<String> names() {
    return informers.profiles().getStore().list().stream()
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  private Integer max(String name) {
    return informers.profiles().getStore().getByKey(NS + "/" + name).getSpec().getMax().getIntVal();
  }

  private double undecodable() {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("power_manager_informer_undecodable_objects"))
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  /** Where PowerProfiles are stored: the storage version v1, which the informers read. */
  private static ResourceDefinitionContext context() {
    return StorageVersion.context(PowerProfile.class);
  }

  private void store(GenericKubernetesResource profile) {
    storage
        .genericKubernetesResources(context())
        .inNamespace(NS)
        .resource(profile)
        .createOr(r -> r.update());
  }

  private static GenericKubernetesResource profile(String name, Number max) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("power.intel.com/v1")
        .withKind("PowerProfile")
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withAdditionalProperties(
            Map.of("spec", Map.of("name", name, "max", max, "min", 1000, "epp", "performance")))
        .build();
  }

  /** The profile informer started and synced with one decodable profile, "good" at 2000 MHz. */
  private void profileInformerStartedOnAGoodProfile() {
    store(profile("good", 2000));
    informers.profiles();
    informers.start().join();
  }
}
