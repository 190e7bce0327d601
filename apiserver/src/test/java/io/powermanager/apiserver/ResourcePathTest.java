package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcePathTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "/api/v1/pods|/v1/|pods|''|''",
        "/api/v1/namespaces/fs/pods|/v1/fs|pods|''|''",
        "/api/v1/namespaces/fs/pods/x/binding|/v1/fs|pods|x|binding",
        "/api/v1/namespaces|/v1/|namespaces|''|''",
        "/api/v1/namespaces/fs|/v1/|namespaces|fs|''",
        "/api/v1/namespaces/fs/status|/v1/|namespaces|fs|status",
        "/api/v1/nodes/n1/status|/v1/|nodes|n1|status",
        "/apis/power.intel.com/v1alpha1/namespaces/default/powerprofiles/eco|power.intel.com/v1alpha1/default|powerprofiles|eco|''",
        "/apis/coordination.k8s.io/v1/namespaces/default/leases/|coordination.k8s.io/v1/default|leases|''|''"
      })
  void parsesResourcePaths(
      String path, String groupVersionNamespace, String plural, String name, String sub) {
    ResourcePath parsed = ResourcePath.parse(path).orElseThrow();

    assertThat(parsed.group() + "/" + parsed.version() + "/" + parsed.namespace())
        .isEqualTo(groupVersionNamespace);
    assertThat(parsed.plural()).isEqualTo(plural);
    assertThat(parsed.name()).isEqualTo(name);
    assertThat(parsed.subresource()).isEqualTo(sub);
  }

  @ParameterizedTest(name = "{0} is not a resource path")
  @CsvSource({"/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version", "/openapi/v3"})
  void leavesOtherPathsAlone(String path) {
    assertThat(ResourcePath.parse(path)).isEmpty();
  }
}
