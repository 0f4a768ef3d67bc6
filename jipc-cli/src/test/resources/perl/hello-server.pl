#!/usr/bin/perl
# hello-server [PORT]: an iterative TCP server. Each client is greeted by the name its address
# resolves to and the local time, with the network line ending, and the connection is closed.
# PORT 0 asks the kernel for a free port; the port in use is logged either way.
use strict;
use warnings;
use Socket;

my $CRLF = "\015\012";
$| = 1;
sub note { print "hello-server $$: @_ at ", scalar localtime(), "\n" }

my $port = shift // 2345;
die "hello-server: port must be a number, not '$port'\n" unless $port =~ /^\d+$/;

socket(my $listener, PF_INET, SOCK_STREAM, getprotobyname('tcp')) or die "socket: $!\n";
setsockopt($listener, SOL_SOCKET, SO_REUSEADDR, pack('l', 1)) or die "setsockopt: $!\n";
bind($listener, sockaddr_in($port, INADDR_ANY)) or die "bind port $port: $!\n";
listen($listener, SOMAXCONN) or die "listen: $!\n";
my ($bound) = sockaddr_in(getsockname($listener));
note "server started on port $bound";

$SIG{TERM} = $SIG{INT} = sub { note "stopping"; exit 0 };

while (1) {
    my $peer = accept(my $client, $listener);
    unless ($peer) {
        next if $!{EINTR};
        die "accept: $!\n";
    }
    my ($their_port, $their_addr) = sockaddr_in($peer);
    my $dotted = inet_ntoa($their_addr);
    my $name = gethostbyaddr($their_addr, AF_INET) // $dotted;
    note "connection from $name [$dotted] at port $their_port";
    print $client "Hello there, $name, it's now ", scalar localtime(), $CRLF;
    close $client;
}
