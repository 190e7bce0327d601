package io.powermanager.domain.cstates;

import java.util.Objects;

/**
 * One layer over a CPU's original idle-state values.
 *
 * @param source where it comes from, for messages: {@code profile performance-node-1}, {@code
 *     CStates node-1 exclusivePoolCStates[performance]}
 * @param request what it asks
 */
public record CStateLayer(String source, CStateRequest request) {

  public CStateLayer {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(request, "request");
  }
}
