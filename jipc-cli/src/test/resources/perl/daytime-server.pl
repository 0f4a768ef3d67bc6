#!/usr/bin/perl
# daytime-server [PORT]: the RFC 867 daytime service over TCP. Each client gets the local time
# as one human-readable line ending in CR LF, and the connection is closed.
use strict;
use warnings;
use Socket;

$| = 1;
sub note { print "daytime-server $$: @_ at ", scalar localtime(), "\n" }

my $port = shift // 10013;
die "daytime-server: port must be a number, not '$port'\n" unless $port =~ /^\d+$/;
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
    my (undef, $addr) = sockaddr_in($peer);
    note "request from " . inet_ntoa($addr);
    print $client scalar localtime(), "\015\012";
    close $client;
}
