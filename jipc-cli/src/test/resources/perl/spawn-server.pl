#!/usr/bin/perl
# spawn-server PORT CMD [ARGS...]: the forking TCP server. Each client is greeted, then a child
# process runs CMD with the connection as its standard input and output. Children are reaped
# as they finish; accept is simply retried when a signal interrupts it.
use strict;
use warnings;
use Socket;
use POSIX ':sys_wait_h';

my $CRLF = "\015\012";
$| = 1;
sub note { print "spawn-server $$: @_ at ", scalar localtime(), "\n" }

my $port = shift;
die "usage: spawn-server PORT CMD [ARGS...]\n" unless defined $port && $port =~ /^\d+$/ && @ARGV;
my @cmd = @ARGV;

socket(my $listener, PF_INET, SOCK_STREAM, getprotobyname('tcp')) or die "socket: $!\n";
setsockopt($listener, SOL_SOCKET, SO_REUSEADDR, pack('l', 1)) or die "setsockopt: $!\n";
bind($listener, sockaddr_in($port, INADDR_ANY)) or die "bind port $port: $!\n";
listen($listener, SOMAXCONN) or die "listen: $!\n";
my ($bound) = sockaddr_in(getsockname($listener));
note "server started on port $bound";

$SIG{CHLD} = sub {
    local ($!, $?);
    while ((my $kid = waitpid(-1, WNOHANG)) > 0) {
        note "reaped $kid" . ($? ? " with status $?" : '');
    }
};
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

    my $kid = fork();
    if (!defined $kid) {
        note "cannot fork: $!";
    } elsif ($kid == 0) {
        $SIG{CHLD} = $SIG{TERM} = $SIG{INT} = 'DEFAULT';
        close $listener;
        open(STDIN, '<&', $client) or die "dup to stdin: $!\n";
        open(STDOUT, '>&', $client) or die "dup to stdout: $!\n";
        close $client;
        $| = 1;
        print "Hello there, $name, it's now ", scalar localtime(), $CRLF;
        exec { $cmd[0] } @cmd or die "cannot run $cmd[0]: $!\n";
    } else {
        note "begat $kid";
    }
    close $client;
}
