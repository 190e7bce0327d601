/**
 * C-states (cpuidle idle states): the profile's and the CStates object's requests, the layered
 * per-CPU planner that turns them into {@code cpuN/cpuidle/stateK/disable} writes, and the
 * admission rules. Pure: no I/O.
 */
package io.powermanager.domain.cstates;
