package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionWebhooksTest {

  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @Test
  void callsTheManagerByUrlWithTheCaAndFailsClosed() {
    // When
    List<MutatingWebhook> webhooks =
        AdmissionWebhooks.mutating("https://127.0.0.1:9443", CA).getWebhooks();

    // Then
    assertThat(webhooks)
        .extracting(MutatingWebhook::getName)
        .containsExactly("pod.mutate.power.intel.com", "profile.mutate.power.intel.com");
    assertThat(webhooks)
        .allSatisfy(
            w -> {
              assertThat(w.getClientConfig().getUrl()).isEqualTo("https://127.0.0.1:9443/mutate");
              assertThat(
                      new String(
                          Base64.getDecoder().decode(w.getClientConfig().getCaBundle()),
                          StandardCharsets.US_ASCII))
                  .isEqualTo(CA);
              assertThat(w.getFailurePolicy()).isEqualTo("Fail");
              assertThat(w.getTimeoutSeconds()).isEqualTo(5);
            });
  }

  @Test
  void validatesPodsPodResizesPowerObjectsAndProfileDeletes() {
    // When
    ValidatingWebhookConfiguration config =
        AdmissionWebhooks.validating("https://127.0.0.1:9443", CA);

    // Then
    ValidatingWebhook pods = config.getWebhooks().get(0);
    ValidatingWebhook objects = config.getWebhooks().get(1);
    assertThat(pods.getName()).isEqualTo("pod.validate.power.intel.com");
    assertThat(pods.getRules())
        .extracting(r -> r.getOperations() + " " + r.getResources())
        .containsExactly("[CREATE] [pods]", "[UPDATE] [pods/resize]");
    assertThat(objects.getName()).isEqualTo("objects.validate.power.intel.com");
    // the seed kinds in both versions: the rules that differ by version key on the request's
    assertThat(objects.getRules())
        .extracting(r -> r.getOperations() + " " + r.getApiVersions() + " " + r.getResources())
        .containsExactly(
            "[CREATE, UPDATE] [v1alpha1, v1] [powerconfigs, powerprofiles, powerworkloads,"
                + " powernodes]",
            "[DELETE] [v1alpha1, v1] [powerprofiles]",
            "[CREATE, UPDATE] [v1alpha1] [uncores, cstates, powerschedules, timeofdays]",
            "[CREATE, UPDATE] [v1] [uncores, cstates, powerschedules, timeofdays]");
    assertThat(objects.getClientConfig().getUrl()).isEqualTo("https://127.0.0.1:9443/validate");
  }
}
