package io.powermanager.webhook;

import io.powermanager.domain.rules.ContainerView;
import io.powermanager.domain.rules.PodView;
import java.util.List;
import java.util.Map;

/**
 * A Pod as the validating webhook reads it straight from a review's JSON ({@link PodFieldsReader}):
 * only the fields the pod rules and the log look at. Nulls stand for what the JSON leaves out or
 * sets to null, as on a typed fabric8 {@code Pod}.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param generateName {@code metadata.generateName}
 * @param annotations {@code metadata.annotations}
 * @param containers {@code spec.containers}, each with its resource requests and limits as written
 * @param initContainers {@code spec.initContainers}, likewise
 */
record PodFields(
    String namespace,
    String name,
    String generateName,
    Map<String, String> annotations,
    List<ContainerView> containers,
    List<ContainerView> initContainers) {

  /**
   * The rules' view, exactly as {@code PodConversion.view} makes it of the typed pod.
   *
   * @param fallbackNamespace the namespace when the pod's metadata has none
   */
  PodView view(String fallbackNamespace) {
    return new PodView(
        namespace != null ? namespace : fallbackNamespace,
        name,
        annotations,
        containers,
        initContainers);
  }
}
