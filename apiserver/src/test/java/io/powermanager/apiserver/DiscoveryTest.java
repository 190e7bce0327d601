package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DiscoveryTest {
  private static final JsonNode CRD =
      Json.parse(
          "{\"spec\":{\"group\":\"power.intel.com\",\"scope\":\"Namespaced\",\"names\":{\"plural\":\"powerprofiles\","
              + "\"singular\":\"powerprofile\",\"kind\":\"PowerProfile\",\"shortNames\":[\"pp\"],"
              + "\"categories\":[\"power\"]},\"versions\":["
              + "{\"name\":\"v1alpha1\",\"served\":true,\"subresources\":{\"status\":{}}},"
              + "{\"name\":\"v1\",\"served\":true},{\"name\":\"v0\",\"served\":false}]}}");
  private final ResourceCatalog catalog = new ResourceCatalog(() -> List.of(CRD));
  private final Discovery discovery = new Discovery(catalog, "v1.33.0", () -> "127.0.0.1:6443");

  @Test
  void versionIsParsableAndCarriesTheMinor() {
    JsonNode version = discovery.version();

    assertThat(version.path("gitVersion").asString()).isEqualTo("v1.33.0");
    assertThat(version.path("major").asString() + "." + version.path("minor").asString())
        .isEqualTo("1.33");
  }

  @Test
  void rejectsAnUnparsableVersion() {
    assertThatThrownBy(() -> new Discovery(catalog, "1.33", () -> ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void groupListHasBuiltInGroupsAndEveryServedCrdVersionPreferringGa() {
    JsonNode groups = discovery.groupList().path("groups");

    assertThat(groups.findValuesAsString("name"))
        .contains(
            "apps",
            "coordination.k8s.io",
            "apiextensions.k8s.io",
            "admissionregistration.k8s.io",
            "events.k8s.io",
            "rbac.authorization.k8s.io",
            "power.intel.com");
    JsonNode power = discovery.group("power.intel.com").orElseThrow();
    assertThat(power.at("/preferredVersion/version").asString()).isEqualTo("v1");
    assertThat(power.path("versions").findValuesAsString("version"))
        .containsExactly("v1", "v1alpha1");
  }

  @Test
  void resourceListsCarryVerbsShortNamesCategoriesAndSubresources() {
    JsonNode core = discovery.resources("", "v1").orElseThrow();
    JsonNode crd = discovery.resources("power.intel.com", "v1alpha1").orElseThrow();

    assertThat(core.path("resources").findValuesAsString("name"))
        .contains(
            "pods",
            "pods/status",
            "pods/binding",
            "nodes",
            "nodes/status",
            "namespaces",
            "events",
            "services",
            "configmaps",
            "secrets",
            "serviceaccounts",
            "endpoints");
    JsonNode pods = core.path("resources").get(0);
    assertThat(Json.text(pods.path("verbs")))
        .isEqualTo(
            "[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]");
    assertThat(Json.text(pods.path("shortNames"))).isEqualTo("[\"po\"]");
    assertThat(Json.text(pods.path("categories"))).isEqualTo("[\"all\"]");
    assertThat(crd.path("groupVersion").asString()).isEqualTo("power.intel.com/v1alpha1");
    assertThat(crd.path("resources").findValuesAsString("name"))
        .containsExactly("powerprofiles", "powerprofiles/status");
    assertThat(crd.path("resources").get(0).path("singularName").asString())
        .isEqualTo("powerprofile");
    assertThat(discovery.resources("power.intel.com", "v0")).isEmpty();
  }

  @Test
  void openApiAdvertisesFieldValidationOnPatchForEveryGroupVersion() {
    OpenApiDocuments openApi = new OpenApiDocuments(catalog, "v1.33.0");

    JsonNode index = openApi.index();
    JsonNode doc = openApi.document("power.intel.com", "v1alpha1").orElseThrow();

    assertThat(index.path("paths").has("api/v1")).isTrue();
    assertThat(index.at("/paths/apis~1power.intel.com~1v1alpha1/serverRelativeURL").asString())
        .startsWith("/openapi/v3/apis/power.intel.com/v1alpha1?hash=");
    JsonNode patch =
        doc.path("paths")
            .path("/apis/power.intel.com/v1alpha1/namespaces/{namespace}/powerprofiles/{name}")
            .path("patch");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asString())
        .isEqualTo("PowerProfile");
    assertThat(patch.path("parameters").findValuesAsString("name")).contains("fieldValidation");
  }
}
