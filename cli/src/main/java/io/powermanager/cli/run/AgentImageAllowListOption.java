package io.powermanager.cli.run;

import io.powermanager.domain.rules.ImageAllowList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --agent-image-allow-list}, shared by the commands that run the webhook. */
final class AgentImageAllowListOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--agent-image-allow-list",
      split = ",",
      description =
          "Repositories a PowerConfig's spec.powerImage may name, comma-separated, matched as"
              + " prefixes at a path boundary (any tag or digest). The manager always allows its"
              + " --agent-image repository; with none, the standalone webhook admits no named"
              + " image.")
  List<String> repositories = List.of();

  /** The list; a parameter error naming the flag when an entry is not a repository. */
  ImageAllowList allowList() {
    try {
      return new ImageAllowList(repositories.stream().filter(s -> !s.isBlank()).toList());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--agent-image-allow-list: " + e.getMessage());
    }
  }
}
