/**
 * Pure planning for the node agent: which pool each CPU is in ({@link
 * io.powermanager.domain.tuning.NodePools}), what each CPU should run ({@link
 * io.powermanager.domain.tuning.Desires}) and the minimal, safely ordered sysfs writes that get it
 * there ({@link io.powermanager.domain.tuning.WritePlanner}). No I/O, clocks or threads: the agent
 * observes, calls these functions and applies the plan they return.
 */
package io.powermanager.domain.tuning;
