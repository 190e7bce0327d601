package io.powermanager.domain.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A pod as the rules see it. {@code name} may be empty on CREATE with {@code generateName}. */
public record PodView(
    String namespace,
    String name,
    Map<String, String> annotations,
    List<ContainerView> containers,
    List<ContainerView> initContainers) {

  public PodView {
    Objects.requireNonNull(namespace, "namespace");
    name = name == null ? "" : name;
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    containers = containers == null ? List.of() : List.copyOf(containers);
    initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
  }

  public PodView withContainers(List<ContainerView> newContainers) {
    return new PodView(namespace, name, annotations, newContainers, initContainers);
  }
}
