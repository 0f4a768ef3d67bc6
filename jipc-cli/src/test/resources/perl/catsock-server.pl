#!/usr/bin/perl
# catsock-server [PATH]: the same greeting service over a Unix-domain stream socket at PATH
# (default "catsock"). No network line ending is needed: the peer is on this machine.
# A socket file left behind by an earlier server is replaced; anything else there is refused.
use strict;
use warnings;
use Socket;

$| = 1;
sub note { print "catsock-server $$: @_ at ", scalar localtime(), "\n" }

my $path = shift // 'catsock';
if (-e $path) {
    die "catsock-server: $path exists and is not a socket\n" unless -S $path;
    unlink $path or die "unlink $path: $!\n";
}
socket(my $listener, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!\n";
bind($listener, sockaddr_un($path)) or die "bind $path: $!\n";
listen($listener, SOMAXCONN) or die "listen: $!\n";
note "server started on $path";

my $stop = sub { note "stopping"; unlink $path; exit 0 };
$SIG{TERM} = $SIG{INT} = $stop;

while (1) {
    my $peer = accept(my $client, $listener);
    unless ($peer) {
        next if $!{EINTR};
        die "accept: $!\n";
    }
    note "connection on $path";
    print $client "Hello there, it's now ", scalar localtime(), "\n";
    close $client;
}
