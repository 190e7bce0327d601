package io.powermanager.reconciler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestLogTest {

  @ParameterizedTest
  @CsvSource({
    "PUT, /apis/power.intel.com/v1alpha1/namespaces/power/powerconfigs/c/status, update, powerconfigs/status, power, c",
    "PATCH, /api/v1/nodes/node-a/status, patch, nodes/status, '', node-a",
    "POST, /apis/power.intel.com/v1alpha1/namespaces/power/powerprofiles, create, powerprofiles, power, ''",
    "GET, /api/v1/pods?labelSelector=power.intel.com%2Fprofile&watch=true, watch, pods, '', ''",
    "GET, /api/v1/nodes?resourceVersion=0, list, nodes, '', ''",
    "GET, /api/v1/namespaces/power, get, namespaces, '', power",
    "DELETE, /apis/apps/v1/namespaces/power/daemonsets/power-node-agent, delete, daemonsets, power, power-node-agent",
    "PUT, /apis/coordination.k8s.io/v1/namespaces/power/leases/l, update, leases, power, l"
  })
  void readsVerbResourceNamespaceAndNameFromTheRequestLine(
      String method, String path, String verb, String resource, String namespace, String name) {
    // When
    RequestLog.Entry e = RequestLog.parse(method, path, "c");

    // Then
    assertThat(e).isEqualTo(new RequestLog.Entry(verb, resource, namespace, name, "c"));
  }
}
