package io.powermanager.apiserver;

import java.util.List;
import java.util.Set;

/**
 * One served resource of one group version, as discovery describes it: built in, or read from a
 * stored CustomResourceDefinition.
 *
 * @param subresources {@code status}, {@code binding} — what may follow the name in a path
 * @param printerColumns CRD {@code additionalPrinterColumns}; empty for built-in kinds
 * @param custom whether a CRD serves it (merge patches only, no strategic merge)
 */
record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    Set<String> subresources,
    List<PrinterColumn> printerColumns,
    boolean custom) {

  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  ResourceType {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    subresources = Set.copyOf(subresources);
    printerColumns = List.copyOf(printerColumns);
  }

  /** {@code v1} for the core group, {@code group/version} otherwise. */
  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code pods} for the core group, {@code powerprofiles.power.intel.com} otherwise. */
  String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  boolean hasStatus() {
    return subresources.contains("status");
  }

  /** Whether objects of this kind carry a spec whose changes bump {@code metadata.generation}. */
  boolean tracksGeneration() {
    return custom || hasStatus();
  }

  /** One CRD {@code additionalPrinterColumns} entry. */
  record PrinterColumn(
      String name, String type, String format, String description, int priority, String jsonPath) {}
}
