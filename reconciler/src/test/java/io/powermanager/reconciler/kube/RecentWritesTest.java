package io.powermanager.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentWritesTest {

  private final AtomicLong nanos = new AtomicLong();
  private final RecentWrites<ConfigMap> writes =
      new RecentWrites<>(nanos::get, Duration.ofSeconds(30));

  @Test
  void showsTheAnswerWhileTheCacheStillHoldsTheReplacedVersion() {
    // Given
    writes.wrote("ns/a", version("1"), version("2"));

    // When / Then
    assertThat(writes.view("ns/a", version("1"))).isEqualTo(version("2"));
  }

  @Test
  void theCacheWinsOnceItMovedOn() {
    // Given
    writes.wrote("ns/a", version("1"), version("2"));

    // When / Then
    assertThat(writes.view("ns/a", version("3"))).isEqualTo(version("3"));
    assertThat(writes.view("ns/a", version("1"))).isEqualTo(version("1"));
    assertThat(writes.size()).isZero();
  }

  @Test
  void aCreatedObjectShowsUntilTheCacheHasIt() {
    // Given
    writes.wrote("ns/a", null, version("1"));

    // When / Then
    assertThat(writes.view("ns/a", null)).isEqualTo(version("1"));
    assertThat(writes.view("ns/a", version("1"))).isEqualTo(version("1"));
    assertThat(writes.view("ns/a", null)).isNull();
  }

  @Test
  void aDeletedObjectIsGoneWhileTheCacheStillHasIt() {
    // Given
    writes.wrote("ns/a", version("4"), null);

    // When / Then
    assertThat(writes.view("ns/a", version("4"))).isNull();
    assertThat(writes.view("ns/a", null)).isNull();
  }

  @Test
  void theEventOfTheWriteEndsIt() {
    // Given: a create whose watch event arrives, then the object is deleted by someone else
    writes.wrote("ns/a", null, version("1"));
    writes.observed("ns/a", version("1"), false);

    // When / Then: the cache's "absent" is believed, not the remembered create
    assertThat(writes.view("ns/a", null)).isNull();
  }

  @Test
  void anEventForAnOlderVersionDoesNotEndIt() {
    // Given
    writes.wrote("ns/a", version("1"), version("3"));

    // When
    writes.observed("ns/a", version("2"), false);

    // Then
    assertThat(writes.view("ns/a", version("1"))).isEqualTo(version("3"));
  }

  @Test
  void forgetsAfterItsTimeToLive() {
    // Given
    writes.wrote("ns/a", version("1"), version("2"));

    // When
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());

    // Then
    assertThat(writes.view("ns/a", version("1"))).isEqualTo(version("1"));
  }

  private static ConfigMap version(String rv) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("a")
        .withNamespace("ns")
        .withResourceVersion(rv)
        .endMetadata()
        .build();
  }
}
