package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.powermanager.domain.rules.ContainerView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.PropertyNameMatcher;

/**
 * Reads a Pod's JSON straight into {@link PodFields}, for the validating webhook: one streaming
 * pass, no fabric8 {@code Pod} built. Every other field of the pod is checked against the shape its
 * fabric8 class reads ({@link ModelShape}), so this reader accepts a pod only where the typed
 * reader would read it too, and both give the rules the same view. Anything else (a value Jackson
 * would coerce, a null inside a list or map, a quantity fabric8 might refuse) is refused with
 * {@link Refused}; the caller then reads the review with the typed reader, which decides. Stateless
 * and thread-safe.
 */
final class PodFieldsReader {

  private static final ModelShape POD = ModelShape.of(Pod.class);
  private static final ModelShape META = ModelShape.of(ObjectMeta.class);
  private static final ModelShape SPEC = ModelShape.of(PodSpec.class);
  private static final ModelShape CONTAINER = ModelShape.of(Container.class);
  private static final ModelShape RESOURCES = ModelShape.of(ResourceRequirements.class);

  private static final int POD_METADATA = POD.index("metadata");
  private static final int POD_SPEC = POD.index("spec");
  private static final int META_NAMESPACE = META.index("namespace");
  private static final int META_NAME = META.index("name");
  private static final int META_GENERATE_NAME = META.index("generateName");
  private static final int META_ANNOTATIONS = META.index("annotations");
  private static final int SPEC_CONTAINERS = SPEC.index("containers");
  private static final int SPEC_INIT_CONTAINERS = SPEC.index("initContainers");
  private static final int CONTAINER_NAME = CONTAINER.index("name");
  private static final int CONTAINER_RESOURCES = CONTAINER.index("resources");
  private static final int RESOURCES_REQUESTS = RESOURCES.index("requests");
  private static final int RESOURCES_LIMITS = RESOURCES.index("limits");

  private PodFieldsReader() {}

  /** This reader cannot vouch for the pod: read it with the typed reader. Carries no stack. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final Refused INSTANCE = new Refused();

    private Refused() {
      super("the pod is not in the shape the fast reader reads", null, false, false);
    }
  }

  /**
   * Reads the pod whose value starts at {@code token} (the parser's current token), to its end.
   *
   * @return the pod's fields, or null for a JSON null
   * @throws Refused when the typed reader must decide
   */
  static PodFields read(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(token, JsonToken.START_OBJECT);
    Meta meta = null;
    Spec spec = null;
    for (int i = next(p, POD); i != END; i = next(p, POD)) {
      JsonToken t = p.nextToken();
      if (i == POD_METADATA) {
        meta = meta(p, t);
      } else if (i == POD_SPEC) {
        spec = spec(p, t);
      } else {
        check(POD, p, i, t);
      }
    }
    return new PodFields(
        meta == null ? null : meta.namespace,
        meta == null ? null : meta.name,
        meta == null ? null : meta.generateName,
        meta == null ? null : meta.annotations,
        spec == null || spec.containers == null ? List.of() : spec.containers,
        spec == null || spec.initContainers == null ? List.of() : spec.initContainers);
  }

  /** {@code metadata}; a field given twice counts the last time, as with the typed reader. */
  private static final class Meta {
    String namespace;
    String name;
    String generateName;
    Map<String, String> annotations = Map.of();
  }

  private static final class Spec {
    List<ContainerView> containers = List.of();
    List<ContainerView> initContainers = List.of();
  }

  private static Meta meta(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(token, JsonToken.START_OBJECT);
    Meta meta = new Meta();
    for (int i = next(p, META); i != END; i = next(p, META)) {
      JsonToken t = p.nextToken();
      if (i == META_NAMESPACE) {
        meta.namespace = string(p, t);
      } else if (i == META_NAME) {
        meta.name = string(p, t);
      } else if (i == META_GENERATE_NAME) {
        meta.generateName = string(p, t);
      } else if (i == META_ANNOTATIONS) {
        meta.annotations = strings(p, t);
      } else {
        check(META, p, i, t);
      }
    }
    return meta;
  }

  private static Spec spec(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(token, JsonToken.START_OBJECT);
    Spec spec = new Spec();
    for (int i = next(p, SPEC); i != END; i = next(p, SPEC)) {
      JsonToken t = p.nextToken();
      if (i == SPEC_CONTAINERS) {
        spec.containers = containers(p, t);
      } else if (i == SPEC_INIT_CONTAINERS) {
        spec.initContainers = containers(p, t);
      } else {
        check(SPEC, p, i, t);
      }
    }
    return spec;
  }

  private static List<ContainerView> containers(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(token, JsonToken.START_ARRAY);
    List<ContainerView> containers = new ArrayList<>(4);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      expect(t, JsonToken.START_OBJECT); // a null element is refused by the typed reader
      containers.add(container(p));
    }
    return containers;
  }

  /** One container, the parser inside its object. */
  private static ContainerView container(JsonParser p) {
    String containerName = null;
    Map<String, String> requests = Map.of();
    Map<String, String> limits = Map.of();
    for (int i = next(p, CONTAINER); i != END; i = next(p, CONTAINER)) {
      JsonToken t = p.nextToken();
      if (i == CONTAINER_NAME) {
        containerName = string(p, t);
      } else if (i == CONTAINER_RESOURCES) {
        requests = Map.of(); // a resources given twice counts the last time
        limits = Map.of();
        if (t != JsonToken.VALUE_NULL) {
          expect(t, JsonToken.START_OBJECT);
          for (int r = next(p, RESOURCES); r != END; r = next(p, RESOURCES)) {
            JsonToken v = p.nextToken();
            if (r == RESOURCES_REQUESTS) {
              requests = quantities(p, v);
            } else if (r == RESOURCES_LIMITS) {
              limits = quantities(p, v);
            } else {
              check(RESOURCES, p, r, v);
            }
          }
        }
      } else {
        check(CONTAINER, p, i, t);
      }
    }
    return new ContainerView(Objects.requireNonNullElse(containerName, ""), requests, limits);
  }

  /** A map of quantities as written; an empty map for a JSON null (as the view of a null map). */
  private static Map<String, String> quantities(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    expect(token, JsonToken.START_OBJECT);
    Map<String, String> out = new HashMap<>(8);
    for (String name = p.nextName(); name != null; name = p.nextName()) {
      expect(p.nextToken(), JsonToken.VALUE_STRING);
      String text = p.getString();
      if (!ModelShape.isPlainQuantity(text)) {
        throw Refused.INSTANCE;
      }
      out.put(name, text);
    }
    return out;
  }

  /** A map of strings; null for a JSON null. */
  private static Map<String, String> strings(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(token, JsonToken.START_OBJECT);
    Map<String, String> out = new HashMap<>(8);
    for (String name = p.nextName(); name != null; name = p.nextName()) {
      expect(p.nextToken(), JsonToken.VALUE_STRING);
      out.put(name, p.getString());
    }
    return out;
  }

  private static String string(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(token, JsonToken.VALUE_STRING);
    return p.getString();
  }

  private static final int END = PropertyNameMatcher.MATCH_END_OBJECT;

  /** The index of the next property of {@code bean}, unknown, or {@link #END}. */
  private static int next(JsonParser p, ModelShape bean) {
    int match = p.nextNameMatch(bean.matcher());
    if (match == PropertyNameMatcher.MATCH_ODD_TOKEN) {
      throw Refused.INSTANCE;
    }
    return match;
  }

  private static void check(ModelShape bean, JsonParser p, int match, JsonToken token) {
    if (!bean.acceptsProperty(p, match, token)) {
      throw Refused.INSTANCE;
    }
  }

  private static void expect(JsonToken token, JsonToken expected) {
    if (token != expected) {
      throw Refused.INSTANCE;
    }
  }
}
