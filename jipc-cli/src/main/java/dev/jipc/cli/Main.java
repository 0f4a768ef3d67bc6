package dev.jipc.cli;

/** Entry point of the jipc command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("jipc");
    }
}
