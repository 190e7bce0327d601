package io.powermanager.api.convert.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.CustomResource;
import io.powermanager.api.PowerApi;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property tests over generated objects (a seeded generator, so every failure reproduces with its
 * seed): for every kind, v1 → v1alpha1 → v1 and v1alpha1 → v1 → v1alpha1 give back the object
 * unchanged, and every converted object survives its target version's schema (the Java classes the
 * CRDs are generated from), so the API server's pruning drops nothing.
 */
class RoundTripPropertyTest {

  private static final int OBJECTS_PER_SEED = 200;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static final Map<String, Class<? extends CustomResource<?, ?>>> V1ALPHA1 =
      Map.of(
          "PowerConfig", io.powermanager.api.v1alpha1.PowerConfig.class,
          "PowerProfile", io.powermanager.api.v1alpha1.PowerProfile.class,
          "PowerWorkload", io.powermanager.api.v1alpha1.PowerWorkload.class,
          "PowerNode", io.powermanager.api.v1alpha1.PowerNode.class);
  private static final Map<String, Class<? extends CustomResource<?, ?>>> V1 =
      Map.of(
          "PowerConfig", io.powermanager.api.v1.PowerConfig.class,
          "PowerProfile", io.powermanager.api.v1.PowerProfile.class,
          "PowerWorkload", io.powermanager.api.v1.PowerWorkload.class,
          "PowerNode", io.powermanager.api.v1.PowerNode.class);

  static Stream<Long> seeds() {
    return LongStream.rangeClosed(1, 10).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void v1alpha1ToV1AndBackIsIdentity(long seed) throws Exception {
    Gen gen = new Gen(new Random(seed));
    for (int i = 0; i < OBJECTS_PER_SEED; i++) {
      // Given
      ObjectNode original = gen.object(PowerApi.API_VERSION);
      ObjectNode untouched = original.deepCopy();

      // When
      ObjectNode v1 = VersionConversion.convert(original, PowerApi.STORAGE_API_VERSION);
      ObjectNode v1Untouched = v1.deepCopy();
      ObjectNode back = VersionConversion.convert(v1, PowerApi.API_VERSION);

      // Then
      assertThat(original).as("the argument is not modified").isEqualTo(untouched);
      assertThat(v1).as("the argument is not modified").isEqualTo(v1Untouched);
      assertThat(back).as("seed %d object %d: %s", seed, i, original).isEqualTo(original);
      assertSurvivesSchema(v1, V1);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void v1ToV1alpha1AndBackIsIdentity(long seed) throws Exception {
    Gen gen = new Gen(new Random(seed));
    for (int i = 0; i < OBJECTS_PER_SEED; i++) {
      // Given
      ObjectNode original = gen.object(PowerApi.STORAGE_API_VERSION);

      // When
      ObjectNode v1alpha1 = VersionConversion.convert(original, PowerApi.API_VERSION);
      ObjectNode back = VersionConversion.convert(v1alpha1, PowerApi.STORAGE_API_VERSION);

      // Then
      assertThat(back).as("seed %d object %d: %s", seed, i, original).isEqualTo(original);
      assertSurvivesSchema(v1alpha1, V1ALPHA1);
    }
  }

  /** The object read into its version's class and written again keeps its spec and status. */
  private static void assertSurvivesSchema(
      ObjectNode object, Map<String, Class<? extends CustomResource<?, ?>>> classes) {
    Class<? extends CustomResource<?, ?>> type = classes.get(object.get("kind").asString());
    JsonNode rewritten = MAPPER.valueToTree(MAPPER.treeToValue(object, type));
    assertThat(rewritten.get("spec")).as("spec of %s", object).isEqualTo(object.get("spec"));
    assertThat(rewritten.get("status")).as("status of %s", object).isEqualTo(object.get("status"));
  }

  /** Random schema-valid objects of the four kinds in either version (no empty lists or maps). */
  private static final class Gen {
    private final Random random;

    Gen(Random random) {
      this.random = random;
    }

    ObjectNode object(String apiVersion) {
      boolean v1 = PowerApi.STORAGE_API_VERSION.equals(apiVersion);
      String kind = pick(VersionConversion.KINDS);
      ObjectNode o = NODES.objectNode();
      o.put("apiVersion", apiVersion);
      o.put("kind", kind);
      ObjectNode meta = o.putObject("metadata");
      meta.put("name", word());
      meta.put("namespace", pick(List.of("power-manager", "intel-power")));
      if (chance()) {
        meta.putObject("labels").put("app", word());
      }
      if (chance()) {
        meta.putObject("annotations").put("note", word());
      }
      Function<Boolean, ObjectNode[]> body =
          switch (kind) {
            case "PowerProfile" -> this::profile;
            case "PowerConfig" -> this::config;
            case "PowerWorkload" -> this::workload;
            default -> this::node;
          };
      ObjectNode[] specAndStatus = body.apply(v1);
      if (specAndStatus[0] != null) {
        o.set("spec", specAndStatus[0]);
      }
      if (specAndStatus[1] != null) {
        o.set("status", specAndStatus[1]);
      }
      return o;
    }

    private ObjectNode[] profile(boolean v1) {
      ObjectNode spec = NODES.objectNode();
      spec.put("name", word());
      maybe(() -> spec.put("shared", random.nextBoolean()));
      maybe(() -> spec.put("max", 1 + random.nextInt(5000)));
      maybe(() -> spec.put("min", 1 + random.nextInt(5000)));
      maybe(
          () ->
              spec.put(
                  "epp",
                  pick(List.of("power", "performance", "balance_power", "balance_performance"))));
      maybe(() -> spec.put("governor", pick(List.of("powersave", "performance", "schedutil"))));
      maybe(() -> spec.put("cpuCapacity", random.nextBoolean() ? "50%" : "3"));
      return new ObjectNode[] {spec, maybeStatus(v1)};
    }

    private ObjectNode[] config(boolean v1) {
      ObjectNode spec = NODES.objectNode();
      maybe(() -> spec.put("powerImage", word() + ":latest"));
      maybe(() -> spec.putObject("powerNodeSelector").put("power-node", "true"));
      maybe(() -> strings(spec.putArray("powerProfiles")));
      maybe(() -> strings(spec.putArray("customDevices")));
      return new ObjectNode[] {spec, maybeStatus(v1)};
    }

    private ObjectNode[] workload(boolean v1) {
      ObjectNode spec = NODES.objectNode();
      spec.put("name", word());
      maybe(() -> spec.put("allCores", random.nextBoolean()));
      if (v1) {
        maybe(
            () -> {
              ArrayNode groups = spec.putArray("reservedCPUs");
              int n = 1 + random.nextInt(3);
              for (int i = 0; i < n; i++) {
                ObjectNode g = groups.addObject();
                cpus(g.putArray("cores"));
                maybe(() -> g.put("powerProfile", word()));
              }
            });
      } else {
        maybe(() -> cpus(spec.putArray("reservedCPUs")));
        maybe(
            () -> {
              ArrayNode groups = spec.putArray("reservedCPUGroups");
              int n = 1 + random.nextInt(2);
              for (int i = 0; i < n; i++) {
                ObjectNode g = groups.addObject();
                cpus(g.putArray("cores"));
                maybe(() -> g.put("powerProfile", word()));
              }
            });
      }
      maybe(() -> spec.putObject("powerNodeSelector").put("kubernetes.io/hostname", word()));
      maybe(() -> spec.put("powerProfile", word()));
      maybe(
          () -> {
            ObjectNode info = spec.putObject(v1 ? "workloadNodes" : "nodeInfo");
            maybe(() -> info.put("name", word()));
            maybe(() -> cpus(info.putArray("cpuIds")));
            maybe(
                () -> {
                  ArrayNode cs = info.putArray("containers");
                  int n = 1 + random.nextInt(3);
                  for (int i = 0; i < n; i++) {
                    ObjectNode c = container(v1 ? "exclusiveCpus" : "exclusiveCPUs");
                    if (v1) {
                      maybe(() -> c.put("workload", word()));
                    }
                    cs.add(c);
                  }
                });
          });
      ObjectNode status = maybeStatus(v1);
      if (status != null) {
        status.remove("nodes");
        maybe(() -> status.put("node", word()));
        maybe(() -> status.put("cpuIds", "2-3"));
      }
      return new ObjectNode[] {spec, status};
    }

    private ObjectNode[] node(boolean v1) {
      ObjectNode spec = NODES.objectNode();
      String nodeName = word();
      maybe(() -> spec.put("nodeName", nodeName));
      if (v1) {
        maybe(() -> strings(spec.putArray("powerProfiles")));
        maybe(() -> strings(spec.putArray("powerWorkloads")));
        maybe(() -> spec.put("sharedPool", "shared || 4-9"));
        maybe(() -> spec.put("unaffectedCores", "0-1"));
        maybe(() -> spec.putArray("powerContainers").add(container("exclusiveCpus")));
      }
      ObjectNode status = NODES.objectNode();
      maybe(() -> status.putObject("activeProfiles").put(word(), true));
      maybe(
          () -> {
            ArrayNode pools = status.putArray("sharedPools");
            for (String name : List.of("Default", "Shared")) {
              if (chance()) {
                ObjectNode p = pools.addObject();
                p.put("name", name);
                cpus(p.putArray("sharedPoolCpuIds"));
              }
            }
            if (pools.isEmpty()) {
              status.remove("sharedPools");
            }
          });
      maybe(
          () -> {
            ArrayNode cs = status.putArray("powerContainers");
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
              ObjectNode c = container("exclusiveCpus");
              maybe(() -> c.put("workload", word()));
              cs.add(c);
            }
          });
      maybe(() -> status.put("reservedCPUs", "0-1"));
      maybe(() -> status.put("heartbeat", "2026-12-06T04:00:00Z"));
      if (v1 && chance()) {
        // an Intel-written CPU state, which need not match the project's pools
        ObjectNode state = status.putObject("powerNodeCPUState");
        maybe(() -> cpus(state.putArray("sharedPool")));
        maybe(
            () -> {
              ObjectNode pod = state.putArray("guaranteedPods").addObject();
              pod.put("name", word());
              pod.put("uid", word());
              pod.putArray("containers").add(container("exclusiveCpus"));
            });
      }
      return new ObjectNode[] {spec, status.isEmpty() ? null : status};
    }

    private ObjectNode container(String cpusField) {
      ObjectNode c = NODES.objectNode();
      maybe(() -> cpus(c.putArray(cpusField)));
      maybe(() -> c.put("id", "containerd://" + word()));
      maybe(() -> c.put("name", word()));
      maybe(() -> c.put("pod", pick(List.of("p1", "p2"))));
      maybe(() -> c.put("namespace", pick(List.of("default", "team"))));
      maybe(() -> c.put("podUID", pick(List.of("u1", "u2"))));
      maybe(() -> c.put("powerProfile", word()));
      return c;
    }

    private ObjectNode maybeStatus(boolean v1) {
      if (!chance()) {
        return null;
      }
      ObjectNode status = NODES.objectNode();
      maybe(() -> strings(status.putArray("nodes")));
      if (v1) {
        maybe(() -> strings(status.putArray("errors")));
      }
      return status.isEmpty() ? null : status;
    }

    private void cpus(ArrayNode array) {
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        array.add(random.nextInt(12));
      }
    }

    private void strings(ArrayNode array) {
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        array.add(word());
      }
    }

    private String word() {
      return pick(List.of("shared", "performance", "node-1", "node-2", "a", "b", "x-y"));
    }

    private <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    private boolean chance() {
      return random.nextBoolean();
    }

    private void maybe(Runnable r) {
      if (chance()) {
        r.run();
      }
    }
  }
}
