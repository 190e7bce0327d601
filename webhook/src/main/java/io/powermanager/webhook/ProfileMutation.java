package io.powermanager.webhook;

import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.power.Epp;
import java.util.Optional;

/**
 * The PowerProfile mutation on CREATE and UPDATE: an EPP in a hyphen or other accepted spelling
 * becomes its canonical sysfs form ({@code balance-power} → {@code balance_power}); an empty {@code
 * spec.name} becomes {@code metadata.name}. Idempotent. Stateless.
 */
final class ProfileMutation {

  private ProfileMutation() {}

  /** The mutated copy, or empty when the profile needs no change. The input is never modified. */
  static Optional<PowerProfile> apply(PowerProfile profile, AdmissionCodec codec) {
    if (profile.getSpec() == null) {
      return Optional.empty();
    }
    String epp = profile.getSpec().getEpp();
    Optional<String> canonicalEpp = Epp.parse(epp).map(Epp::sysfsValue).filter(e -> !e.equals(epp));
    String name = profile.getMetadata() == null ? null : profile.getMetadata().getName();
    String specName = profile.getSpec().getName();
    boolean fillName = (specName == null || specName.isEmpty()) && name != null && !name.isEmpty();
    if (canonicalEpp.isEmpty() && !fillName) {
      return Optional.empty();
    }
    PowerProfile copy = codec.convert(codec.tree(profile), PowerProfile.class);
    canonicalEpp.ifPresent(copy.getSpec()::setEpp);
    if (fillName) {
      copy.getSpec().setName(name);
    }
    return Optional.of(copy);
  }
}
