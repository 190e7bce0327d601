package io.powermanager.domain.rules;

import java.util.Map;
import java.util.Objects;

/**
 * A container as the rules see it: its name and its resource requests and limits as the quantity
 * strings the user wrote ({@code "2"}, {@code "1500m"}).
 */
public record ContainerView(String name, Map<String, String> requests, Map<String, String> limits) {

  public ContainerView {
    Objects.requireNonNull(name, "name");
    requests = requests == null ? Map.of() : Map.copyOf(requests);
    limits = limits == null ? Map.of() : Map.copyOf(limits);
  }

  /**
   * The effective request of {@code resource}: the request, or the limit when only a limit is set
   * (the API server defaults a missing request to the limit).
   */
  public String effectiveRequest(String resource) {
    String request = requests.get(resource);
    return request != null ? request : limits.get(resource);
  }
}
