package dev.jipc.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Field handles for the few atomic fields kept inside their objects rather than in an atomic box. */
final class VarHandles {
    private VarHandles() {}

    /**
     * The handle of {@code owner}'s field {@code name} of {@code type}, looked up with the owner's
     * own {@code lookup} (so the field may be private); for a static initializer.
     */
    static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
