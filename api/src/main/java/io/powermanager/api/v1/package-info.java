/**
 * The four seed kinds at {@code power.intel.com/v1}, the storage version and conversion hub: Intel
 * v2.5's field names and shapes plus the project's additions. Where a version's shape equals
 * v1alpha1's the class is shared ({@code PowerProfileSpec}, {@code PowerConfigSpec}, {@code
 * PowerContainer}); statuses extend v1alpha1's with Intel's {@code errors} and, on PowerNode,
 * {@code powerNodeCPUState}. The classes are beans with the conventions of {@code v1alpha1}; the
 * conversion between the versions is {@code io.powermanager.api.convert.versions}.
 */
package io.powermanager.api.v1;
