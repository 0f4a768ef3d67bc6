#!/usr/bin/perl
# webget HOST[:PORT] PATH...: fetches each PATH from HOST with an HTTP/1.0 GET, one connection
# per document, and prints each raw response (status line, headers, body) as it comes.
use strict;
use warnings;
use IO::Socket::INET;

die "usage: webget HOST[:PORT] PATH...\n" unless @ARGV > 1;
my $host = shift;
my $CRLF = "\015\012";
binmode STDOUT;
for my $path (@ARGV) {
    my $conn = IO::Socket::INET->new(Proto => 'tcp', PeerAddr => $host, PeerPort => 'http(80)')
        or die "webget: cannot connect to the web server on $host: $@\n";
    binmode $conn;
    $conn->autoflush(1);
    print $conn "GET $path HTTP/1.0", $CRLF, $CRLF;
    while (<$conn>) {
        print;
    }
    close $conn;
}
