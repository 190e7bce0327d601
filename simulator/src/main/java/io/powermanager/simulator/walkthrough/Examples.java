package io.powermanager.simulator.walkthrough;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The seed's example manifests ({@code examples/} of the repository): packaged in the simulator's
 * jar at build time, or read from a directory.
 */
public final class Examples {

  public static final String POWER_CONFIG = "example-powerconfig.yaml";
  public static final String SHARED_PROFILE = "example-shared-profile.yaml";
  public static final String SHARED_WORKLOAD = "example-shared-workload.yaml";
  public static final String POD = "example-pod.yaml";
  public static final String MISMATCHED_POD = "invalid/pod-profile-count-mismatch.yaml";

  /** The node name the seed's shared workload uses, replaced by each simulated node's. */
  public static final String EXAMPLE_NODE = "example-node";

  private static final String RESOURCE_DIR = "/io/powermanager/simulator/examples/";

  private final Path dir;

  private Examples(Path dir) {
    this.dir = dir;
  }

  /** The copies inside the jar. */
  public static Examples packaged() {
    return new Examples(null);
  }

  /** The files of {@code dir} (the repository's {@code examples/}). */
  public static Examples directory(Path dir) {
    return new Examples(Objects.requireNonNull(dir, "dir"));
  }

  /**
   * One manifest's text.
   *
   * @param name relative to {@code examples/}, e.g. {@code invalid/pod-profile-count-mismatch.yaml}
   */
  public String read(String name) {
    try {
      if (dir != null) {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      }
      try (InputStream in = Examples.class.getResourceAsStream(RESOURCE_DIR + name)) {
        if (in == null) {
          throw new NoSuchFileException(
              "examples/" + name + " (not packaged in the simulator jar; rebuild, or --examples)");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read example " + name, e);
    }
  }

  /** How kubectl would be told the file: {@code examples/<name>}. */
  public String displayName(String name) {
    return dir == null ? "examples/" + name : dir.resolve(name).toString();
  }
}
