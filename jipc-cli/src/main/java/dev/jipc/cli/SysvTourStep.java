package dev.jipc.cli;

import dev.jipc.sysv.IpcKey;
import dev.jipc.sysv.Message;
import dev.jipc.sysv.MessageQueue;
import dev.jipc.sysv.SemOp;
import dev.jipc.sysv.SemaphoreSet;
import dev.jipc.sysv.SharedMemory;
import dev.jipc.sysv.TypeSelector;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** SysV IPC: perlipc's shared memory write/read, a semaphore take/give, a message queue round trip. */
final class SysvTourStep implements TourStep {
    @Override
    public String title() {
        return "SysV shared memory, semaphores and message queues";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        SharedMemory shm = SharedMemory.create(IpcKey.PRIVATE, 2000);
        try (shm) {
            shm.write("Message #1".getBytes(StandardCharsets.US_ASCII), 0, 60);
            byte[] buff = shm.read(0, 60);
            String text = new String(buff, StandardCharsets.US_ASCII);
            out.println("Wrote \"Message #1\" into shared memory id " + shm.id() + " and read back " + buff.length
                    + " bytes, zero-padded as Perl's shmread gives them: \"" + text.substring(0, text.indexOf('\0')) + "\".");
        } finally {
            shm.remove();
        }

        SemaphoreSet sem = SemaphoreSet.create(IpcKey.PRIVATE, 1);
        try {
            sem.op(SemOp.waitZero(0), SemOp.add(0, 1));
            out.println("The main thread took semaphore set id " + sem.id() + " (wait for zero, then add one).");
            CompletableFuture<Void> taken = new CompletableFuture<>();
            Thread.ofVirtual().name("tour-take").start(() -> {
                try {
                    sem.op(SemOp.waitZero(0), SemOp.add(0, 1));
                    taken.complete(null);
                } catch (Exception e) {
                    taken.completeExceptionally(e);
                }
            });
            Thread.sleep(50);
            out.println("A virtual thread trying to take it is still waiting: " + !taken.isDone() + ".");
            sem.op(SemOp.add(0, -1));
            taken.join();
            out.println("The main thread gave it (subtract one); the virtual thread's take went through.");
        } finally {
            sem.remove();
        }

        MessageQueue q = MessageQueue.create(IpcKey.PRIVATE);
        try {
            q.send(1234, "message".getBytes(StandardCharsets.US_ASCII));
            Message m = q.receive(60, TypeSelector.exactly(1234));
            out.println("Sent \"message\" of type 1234 on queue id " + q.id() + " and received type " + m.type()
                    + ", \"" + m.text() + "\": " + (m.text().equals("message") ? "okay" : "not okay") + ".");
        } finally {
            q.remove();
        }
        out.println("All three objects were removed again (ipcs shows nothing left).");
    }
}
