#!/usr/bin/perl
# chat HOST PORT: an interactive TCP client in two processes. The parent copies whatever arrives
# from the connection to standard output at once (a prompt without a newline shows up too); the
# child copies standard input to the connection. At the end of standard input the child shuts
# down the sending half, so the server sees end of file; when the server closes, the parent stops
# the child and exits.
use strict;
use warnings;
use IO::Socket::INET;

die "usage: chat HOST PORT\n" unless @ARGV == 2;
my ($host, $port) = @ARGV;
my $conn = IO::Socket::INET->new(Proto => 'tcp', PeerAddr => $host, PeerPort => $port)
    or die "chat: cannot connect to port $port on $host: $@\n";
$conn->autoflush(1);
print STDERR "[Connected to $host:$port]\n";

my $kid = fork() // die "chat: cannot fork: $!\n";
if ($kid) {
    binmode STDOUT;
    while (sysread($conn, my $chunk, 4096)) {
        syswrite(STDOUT, $chunk);
    }
    kill 'TERM', $kid;
    waitpid($kid, 0);
} else {
    while (defined(my $line = <STDIN>)) {
        print $conn $line;
    }
    shutdown($conn, 1);
    exit 0;
}
