/**
 * Conversion of the four power kinds between {@code power.intel.com/v1alpha1} and {@code v1} (the
 * hub and storage version), on Jackson trees: the conversion webhook's lean path, the offline
 * {@code convert} command and the tests share it. Pure: no I/O, no state, thread-safe.
 *
 * <p>Each kind has a mechanical mapping per direction ({@code toV1}, {@code toV1alpha1}) that
 * renames and reshapes the fields the two versions spell differently and drops what the target's
 * schema has no field for. {@link VersionConversion} makes the pair lossless: when the return trip
 * of a converted object would not give back the source, the source's {@code spec} and {@code
 * status} travel in the annotation {@code power.intel.com/conversion-data} and come back, exactly,
 * on the return trip (the Cluster API convention).
 */
package io.powermanager.api.convert.versions;
