/**
 * Pure arithmetic of the agent's telemetry: energy counter deltas across a wrap ({@link
 * io.powermanager.domain.telemetry.EnergyCounter}), busy time from {@code /proc/stat} ({@link
 * io.powermanager.domain.telemetry.CpuTimes}) and the estimated split of package energy over groups
 * of CPUs ({@link io.powermanager.domain.telemetry.EnergySplit}). No I/O, clocks or threads.
 */
package io.powermanager.domain.telemetry;
