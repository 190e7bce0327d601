package io.powermanager.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.domain.tuning.CpuSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

  @TempDir Path dir;

  private static final CpuSettings ORIGINAL =
      CpuSettings.of("powersave", "balance_performance", 800_000, 3_800_000);
  private static final CpuSettings TUNED =
      CpuSettings.of("powersave", "power", 1_000_000, 1_500_000);

  @Test
  void keepsEntriesAcrossReopening() throws Exception {
    // Given
    SnapshotStore store = SnapshotStore.open(dir);
    store.recordIfAbsent(
        Map.of(2, ORIGINAL, 3, CpuSettings.of("schedutil", null, 1_200_000, 2_400_000)));

    // When
    SnapshotStore reopened = SnapshotStore.open(dir);

    // Then
    assertThat(reopened.all())
        .isEqualTo(Map.of(2, ORIGINAL, 3, CpuSettings.of("schedutil", null, 1_200_000, 2_400_000)));
    assertThat(Files.readString(reopened.file()))
        .contains("cpu=3 governor=schedutil epp=- min=1200000 max=2400000");
  }

  @Test
  void neverOverwritesAnExistingEntry() throws Exception {
    // Given
    SnapshotStore store = SnapshotStore.open(dir);
    store.recordIfAbsent(Map.of(2, ORIGINAL));

    // When
    List<Integer> added = SnapshotStore.open(dir).recordIfAbsent(Map.of(2, TUNED, 4, TUNED));

    // Then
    assertThat(added).containsExactly(4);
    assertThat(SnapshotStore.open(dir).get(2)).contains(ORIGINAL);
  }

  @Test
  void leavesNoTemporaryFileBehind() throws Exception {
    // When
    SnapshotStore.open(dir).recordIfAbsent(Map.of(1, ORIGINAL));

    // Then
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly(SnapshotStore.FILE_NAME);
    }
  }

  @Test
  void removesTheFileWhenTheLastEntryIsForgotten() throws Exception {
    // Given
    SnapshotStore store = SnapshotStore.open(dir);
    store.recordIfAbsent(Map.of(1, ORIGINAL, 2, ORIGINAL));

    // When
    store.forget(List.of(1));
    boolean fileAfterFirst = Files.exists(store.file());
    store.forget(List.of(2));

    // Then
    assertThat(fileAfterFirst).isTrue();
    assertThat(Files.exists(store.file())).isFalse();
    assertThat(SnapshotStore.open(dir).isEmpty()).isTrue();
  }

  @Test
  void refusesAMalformedFileNamingTheLine() throws Exception {
    // Given
    Files.writeString(
        dir.resolve(SnapshotStore.FILE_NAME),
        "# header\ncpu=2 governor=powersave epp=- min=x max=1\n");

    // When / Then
    assertThatThrownBy(() -> SnapshotStore.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("min=x");
  }

  @Test
  void keepsFileEntriesBesideCpusAndNeverOverwritesThem() throws Exception {
    // Given
    SnapshotStore store = SnapshotStore.open(dir);
    store.recordIfAbsent(Map.of(2, ORIGINAL));
    store.recordFilesIfAbsent(
        Map.of(
            "cpu2/cpuidle/state1/disable", "0",
            "intel_uncore_frequency/package_00_die_00/min_freq_khz", "800000"));

    // When
    List<String> added =
        SnapshotStore.open(dir)
            .recordFilesIfAbsent(
                Map.of("cpu2/cpuidle/state1/disable", "1", "cpu2/cpuidle/state2/disable", "1"));
    SnapshotStore reopened = SnapshotStore.open(dir);

    // Then
    assertThat(added).containsExactly("cpu2/cpuidle/state2/disable");
    assertThat(reopened.all()).isEqualTo(Map.of(2, ORIGINAL));
    assertThat(reopened.files())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "cpu2/cpuidle/state1/disable", "0",
                "cpu2/cpuidle/state2/disable", "1",
                "intel_uncore_frequency/package_00_die_00/min_freq_khz", "800000"));
    assertThat(Files.readString(reopened.file()))
        .contains("format=2\n")
        .contains("file=cpu2/cpuidle/state1/disable value=0\n");
  }

  @Test
  void removesTheFileOnlyWhenNeitherCpusNorFilesRemain() throws Exception {
    // Given
    SnapshotStore store = SnapshotStore.open(dir);
    store.recordIfAbsent(Map.of(1, ORIGINAL));
    store.recordFilesIfAbsent(Map.of("intel_pstate/no_turbo", "0"));

    // When
    store.forget(List.of(1));
    boolean fileWithOnlyAFileEntry = Files.exists(store.file());
    store.forgetFiles(List.of("intel_pstate/no_turbo"));

    // Then
    assertThat(fileWithOnlyAFileEntry).isTrue();
    assertThat(Files.exists(store.file())).isFalse();
  }

  @Test
  void readsTheFormatOneFileOfAnEarlierReleaseAndReplacesIt() throws Exception {
    // Given: what an agent of the previous release left behind
    Files.writeString(
        dir.resolve(SnapshotStore.LEGACY_FILE_NAME),
        "# power-manager node agent\n"
            + "cpu=2 governor=powersave epp=balance_performance min=800000 max=3800000\n");

    // When
    SnapshotStore store = SnapshotStore.open(dir);

    // Then
    assertThat(store.all()).isEqualTo(Map.of(2, ORIGINAL));
    assertThat(dir.resolve(SnapshotStore.LEGACY_FILE_NAME)).doesNotExist();
    assertThat(SnapshotStore.open(dir).all()).isEqualTo(Map.of(2, ORIGINAL));
  }

  @Test
  void refusesAFileOfAnUnknownFormat() throws Exception {
    // Given
    Files.writeString(dir.resolve(SnapshotStore.FILE_NAME), "format=3\ncpu=2 whatever=1\n");

    // When / Then
    assertThatThrownBy(() -> SnapshotStore.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("unknown format");
  }

  @Test
  void refusesAFilePathOutsideTheSysfsRoot() throws Exception {
    // When / Then
    assertThatThrownBy(
            () -> SnapshotStore.open(dir).recordFilesIfAbsent(Map.of("../etc/passwd", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../etc/passwd");
  }
}
