package io.powermanager.cli.validate;

import io.powermanager.domain.rules.ImageAllowList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code power-manager validate -f FILE_OR_DIR...}: the admission rules, offline, for GitOps
 * pipelines. Exit 0 when every object is valid, 1 when any is not, 2 when the input cannot be read.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check manifests (Pods, workload templates, PowerConfig, PowerProfile, PowerWorkload) offline"
          + " with the rules the admission webhook enforces.",
      "Prints FILE: Kind/name: field: message for each violation.",
      "Exit status: 0 all valid, 1 some invalid, 2 unreadable input."
    })
public final class ValidateCommand implements Callable<Integer> {

  static final int VALID = 0;
  static final int INVALID = 1;
  static final int UNREADABLE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE_OR_DIR",
      description = "Manifest file or directory (.yaml, .yml, .json); repeatable.")
  List<Path> inputs;

  @Option(
      names = {"-R", "--recursive"},
      description = "Also read the subdirectories of the given directories.")
  boolean recursive;

  @Option(
      names = "--power-namespace",
      paramLabel = "NAMESPACE",
      description = "Deny power objects that name another namespace (as the webhook does).")
  String powerNamespace;

  @Option(
      names = "--agent-image-allow-list",
      split = ",",
      paramLabel = "REPOSITORY",
      description =
          "Deny a PowerConfig whose spec.powerImage is outside these repositories (comma-separated,"
              + " prefixes at a path boundary, any tag or digest), as the webhook does.")
  List<String> agentImageAllowList;

  @Option(names = "--quiet", description = "Do not print warnings or the summary.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Manifest> manifests;
    try {
      manifests = ManifestReader.read(inputs, recursive);
    } catch (UnreadableInputException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return UNREADABLE;
    }
    Optional<ImageAllowList> agentImages;
    try {
      agentImages =
          Optional.ofNullable(agentImageAllowList)
              .map(l -> new ImageAllowList(l.stream().filter(s -> !s.isBlank()).toList()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--agent-image-allow-list: " + e.getMessage());
    }
    List<Finding> findings =
        new ManifestValidator(Optional.ofNullable(powerNamespace), agentImages).validate(manifests);
    long invalidObjects =
        findings.stream()
            .filter(f -> !f.warning())
            .map(f -> f.file() + "#" + f.object())
            .distinct()
            .count();
    for (Finding f : findings) {
      if (!f.warning() || !quiet) {
        out.println(f);
      }
    }
    if (!quiet) {
      err.println(
          manifests.size()
              + (manifests.size() == 1 ? " object" : " objects")
              + " checked, "
              + invalidObjects
              + " invalid");
    }
    out.flush();
    err.flush();
    return invalidObjects == 0 ? VALID : INVALID;
  }
}
