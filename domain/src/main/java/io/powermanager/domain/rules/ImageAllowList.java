package io.powermanager.domain.rules;

import io.powermanager.domain.RuleResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which images a PowerConfig's {@code spec.powerImage} may name. The agent DaemonSet is privileged
 * and runs on every selected node, so whoever picks its image is root there: only repositories the
 * installer listed are admitted.
 *
 * <p>Each entry is a repository prefix (no tag, no digest) matched at a path boundary against the
 * repository of the image reference, exactly as written (no registry or {@code library/}
 * normalization): {@code ghcr.io/acme/power-manager} admits {@code
 * ghcr.io/acme/power-manager:0.2.0}, {@code ghcr.io/acme/power-manager@sha256:…} and {@code
 * ghcr.io/acme/power-manager/debug:1}, never {@code ghcr.io/acme/power-manager-evil:1}; {@code
 * ghcr.io/acme} admits every repository under it.
 *
 * <p><b>An empty list admits no image</b>: {@code spec.powerImage} must then be omitted, and the
 * agent runs the configured default image. Composition roots that know the default image add its
 * repository with {@link #including}, so "empty" means "only the default image". Two values are
 * always admitted because no image of theirs ever runs: an absent or blank field (the blank one is
 * refused by {@link ConfigRules}) and the seed's App QoS image (any repository named {@code
 * appqos}), which the reconciler replaces with the default image. Immutable, pure.
 */
public record ImageAllowList(List<String> repositories) {

  /** The repository name of the seed's App QoS image, which is replaced, never run. */
  public static final String APP_QOS_REPOSITORY = "appqos";

  private static final String FIELD = "spec.powerImage";

  // The grammar of github.com/distribution/reference (IPv6 hosts left out).
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String NAME =
      "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "^(?<name>"
              + NAME
              + ")(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$");
  private static final Pattern ENTRY = Pattern.compile("^(?:" + NAME + "|" + DOMAIN + ")$");

  public ImageAllowList {
    List<String> clean = new ArrayList<>();
    for (String r : repositories) {
      String entry = stripSlashes(r.strip());
      if (!ENTRY.matcher(entry).matches()) {
        throw new IllegalArgumentException(
            "agent image allow-list entry \""
                + r
                + "\" is not a repository (no tag, no digest), e.g. ghcr.io/acme/power-manager");
      }
      if (!clean.contains(entry)) {
        clean.add(entry);
      }
    }
    repositories = List.copyOf(clean);
  }

  /** The empty list: no {@code spec.powerImage} is admitted, only the default image runs. */
  public static ImageAllowList none() {
    return new ImageAllowList(List.of());
  }

  public static ImageAllowList of(String... repositories) {
    return new ImageAllowList(List.of(repositories));
  }

  /** Comma-separated entries, as the {@code --agent-image-allow-list} flag takes them. */
  public static ImageAllowList parse(String commaSeparated) {
    if (commaSeparated == null) {
      return none();
    }
    return new ImageAllowList(
        Arrays.stream(commaSeparated.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList());
  }

  /**
   * This list and the repository of {@code image} (typically the default agent image); this list
   * alone when {@code image} is no image reference.
   */
  public ImageAllowList including(String image) {
    Optional<String> repository = repositoryOf(image.strip());
    if (repository.isEmpty()) {
      return this;
    }
    List<String> more = new ArrayList<>(repositories);
    more.add(repository.get());
    return new ImageAllowList(more);
  }

  public boolean isEmpty() {
    return repositories.isEmpty();
  }

  /** Whether the agent may run {@code image} (a full reference, with or without tag or digest). */
  public boolean allows(String image) {
    Optional<String> repository = repositoryOf(image);
    if (repository.isEmpty()) {
      return false;
    }
    String name = repository.get();
    return repositories.stream().anyMatch(r -> name.equals(r) || name.startsWith(r + "/"));
  }

  /** The rule for {@code spec.powerImage}: absent, the App QoS seed image or an allowed image. */
  public RuleResult check(String powerImage) {
    if (powerImage == null || powerImage.isBlank()) {
      return RuleResult.ok();
    }
    String image = powerImage.strip();
    Optional<String> repository = repositoryOf(image);
    RuleResult.Builder out = new RuleResult.Builder();
    if (repository.isEmpty()) {
      out.violation(FIELD, "\"" + image + "\" is not a valid image reference");
    } else if (isAppQos(image) || allows(image)) {
      return RuleResult.ok();
    } else {
      out.violation(FIELD, "\"" + image + "\" is not allowed; " + describe());
    }
    return out.build();
  }

  /** What a denial tells the user about the list. */
  public String describe() {
    if (repositories.isEmpty()) {
      return "no agent image may be named here: omit spec.powerImage to run the default agent image";
    }
    return "allowed: " + String.join(", ", repositories) + " (any tag or digest)";
  }

  /** Whether {@code image} is the seed's App QoS image, which the default agent image replaces. */
  public static boolean isAppQos(String image) {
    return repositoryOf(image.strip())
        .map(r -> r.substring(r.lastIndexOf('/') + 1))
        .filter(APP_QOS_REPOSITORY::equals)
        .isPresent();
  }

  /**
   * {@code registry:5000/team/x:1.2@sha256:…} → {@code registry:5000/team/x}; empty when the text
   * is not an image reference.
   */
  public static Optional<String> repositoryOf(String image) {
    Matcher m = REFERENCE.matcher(image);
    return m.matches() ? Optional.of(m.group("name")) : Optional.empty();
  }

  private static String stripSlashes(String s) {
    String out = s;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }
}
