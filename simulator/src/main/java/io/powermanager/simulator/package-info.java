/**
 * The whole system on one machine ({@code power-manager simulate}, the end-to-end tests and {@code
 * bench e2e}). Entry point: {@link io.powermanager.simulator.SimulatedCluster#start}.
 *
 * <h2>Parts</h2>
 *
 * <ul>
 *   <li>{@code SimulatedCluster} — composition: the embedded API server with the CRDs, certificates
 *       from {@code certs/} (IP SAN 127.0.0.1), the {@code Manager} (webhook + extender on one
 *       HTTPS server, reconcilers, leader election off, power namespace {@code default}), the
 *       webhook configurations ({@link io.powermanager.simulator.AdmissionWebhooks}), the nodes and
 *       the loops below; {@code writeEndpoints()} for {@code --serve}.
 *   <li>{@code node/} — {@code SimulatedNode}: an {@code EmulatedSysfs} tree (files under the
 *       workdir, or in memory), an {@code EmulatedKubelet} (CPUs 0 and 1 reserved) and the Node
 *       object; {@code KubeletLoop}: the kubelet's pod lifecycle (admit, Running / OutOfcpu, free).
 *   <li>{@code agents/} — {@code AgentDaemonSetController}: runs a real {@code NodeAgent} per node
 *       the {@code power-node-agent} DaemonSet selects, each with its own client, the node's sysfs
 *       and the real PodResources gRPC client on the node's socket.
 *   <li>{@code scheduler/} — {@code SchedulerLoop}: kube-scheduler's shape with the extender
 *       ({@code NodeFit}, {@code ExtenderClient}, {@code FitMessage}, {@code PodRequests}).
 *   <li>{@code tuning/} — {@code TuneTracker}: time from pod creation to tuned cores, observed on
 *       the emulated sysfs ({@code ProfileTargets} says what "tuned" means for a profile on a
 *       node).
 *   <li>{@code walkthrough/} — the seed's walkthrough as {@code simulate} prints it ({@code
 *       Examples} packaged in the jar, {@code KubectlApply}, {@code KubectlGet} for tables).
 * </ul>
 *
 * <h2>Choices</h2>
 *
 * <ul>
 *   <li>Real protocols between the parts, so the simulation tests what a cluster would run: the
 *       agents and loops use fabric8 clients to the front (one shared Vert.x), the API server calls
 *       the webhook over HTTPS with the caBundle, the scheduler calls the extender over HTTPS, the
 *       agents call the kubelets over gRPC on unix sockets.
 *   <li>The kubelet reports allocatable cpu = online − reserved, as a kubelet with {@code
 *       --reserved-cpus} does; its admission refuses pods past allocatable with {@code OutOfcpu}.
 *   <li>Agents of the DaemonSet run in this JVM; the Pods standing for them are created bound to
 *       their node, so {@code kubectl get pods} shows them Running.
 *   <li>The tracker judges "tuned" from the sysfs, not from the agent's own report, and takes the
 *       first write after which every CPU of the pod reads back at the profile's window and EPP.
 * </ul>
 */
package io.powermanager.simulator;
