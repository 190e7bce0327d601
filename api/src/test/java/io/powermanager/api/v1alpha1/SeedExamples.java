package io.powermanager.api.v1alpha1;

/**
 * The seed README's examples, as users will apply them: {@code <NODE_NAME>} replaced by {@code
 * example-node}, the README's curly quotes straightened, and its PowerNode listing (printed there
 * without its envelope and with broken indentation) re-indented, with {@code nodeName} in spec and
 * the rest under {@code status}.
 */
final class SeedExamples {

  static final String POWER_CONFIG =
      """
      apiVersion: "power.intel.com/v1alpha1"
      kind: PowerConfig
      metadata:
        name: power-config
      spec:
        powerImage: "appqos:latest"
        powerNodeSelector:
          feature.node.kubernetes.io/appqos-node: "true"
        powerProfiles:
        - "performance"
      """;

  static final String SHARED_PROFILE =
      """
      apiVersion: "power.intel.com/v1alpha1"
      kind: PowerProfile
      metadata:
        name: shared
      spec:
        name: "shared"
        max: 1500
        min: 1000
        # A shared PowerProfile must have the EPP value of 'power'
        epp: "power"
      """;

  static final String PERFORMANCE_EXAMPLE_NODE_PROFILE =
      """
      apiVersion: "power.intel.com/v1alpha1"
      kind: PowerProfile
      metadata:
         name: performance-example-node
      spec:
         name: "performance-example-node"
         max: 3700
         min: 3300
         epp: "performance"
      """;

  static final String SHARED_WORKLOAD =
      """
      apiVersion: "power.intel.com/v1alpha1"
      kind: PowerWorkload
      metadata:
        # Replace <NODE_NAME> with the Node you intend this PowerWorkload to be associated with
        name: shared-example-node-workload
      spec:
        # Replace <NODE_NAME> with the Node you intend this PowerWorkload to be associated with
        name: "shared-example-node-workload"
        allCores: true
        reservedCPUs:
        # IMPORTANT: The CPUs in reservedCPUs should match the value of the reserved system CPUs in your Kubelet config file
        - 0
        - 1
        powerNodeSelector:
          # The label must be as below, as this workload will be specific to the Node
          kubernetes.io/hostname: example-node
        # Replace this value with the intended shared PowerProfile
        powerProfile: "shared"
      """;

  static final String PERFORMANCE_WORKLOAD =
      """
      apiVersion: "power.intel.com/v1alpha1"
      kind: PowerWorkload
      metadata:
          name: performance-example-node-workload
      spec:
         name: "performance-example-node-workload"
         nodeInfo:
           containers:
           - exclusiveCPUs:
             - 2
             - 3
             - 66
             - 67
             id: f1be89f7dda457a7bb8929d4da8d3b3092c9e2a35d91065f1b1c9e71d19bcd4f
             name: example-container
             pod: example-pod
             powerProfile: "performance-example-node"
           name: "example-node"
           cpuIds:
           - 2
           - 3
           - 66
           - 67
         powerProfile: "performance-example-node"
      """;

  static final String POWER_NODE =
      """
      apiVersion: "power.intel.com/v1alpha1"
      kind: PowerNode
      metadata:
        name: example-node
      spec:
        nodeName: example-node
      status:
        activeProfiles:
          performance-example-node: true
        activeWorkloads:
        - cores:
          - 2
          - 3
          - 8
          - 9
          name: performance-example-node-workload
        powerContainers:
        - exclusiveCpus:
          - 2
          - 3
          - 8
          - 9
          id: c392f492e05fc245f77eba8a90bf466f70f19cb48767968f3bf44d7493e18e5b
          name: example-container
          pod: example-pod
          powerProfile: performance-example-node
          workload: performance-example-node-workload
        sharedPools:
        - name: Default
          sharedPoolCpuIds:
          - 0
          - 1
        - name: Shared
          sharedPoolCpuIds:
          - 4
          - 5
          - 6
          - 7
          - 10
      """;

  private SeedExamples() {}
}
