#!/usr/bin/perl
# http-server [PORT]: a tiny HTTP/1.0 server for testing web clients. For every request it sends
# a fixed response that repeats the request line and headers it received, with each line's ending
# made visible, so a client's request can be checked byte for byte. /missing gets a 404.
use strict;
use warnings;
use IO::Socket::INET;

$| = 1;
my $port = shift // 0;
my $listener = IO::Socket::INET->new(Proto => 'tcp', LocalAddr => '127.0.0.1', LocalPort => $port,
    Listen => SOMAXCONN, ReuseAddr => 1) or die "http-server: $@\n";
print "http-server $$: server started on port ", $listener->sockport, "\n";
$SIG{TERM} = $SIG{INT} = sub { exit 0 };

while (my $client = $listener->accept) {
    binmode $client;
    my @request;
    while (defined(my $line = <$client>)) {
        push @request, $line;
        last if $line =~ /^\015?\012$/;
    }
    my ($path) = @request ? $request[0] =~ m{^GET (\S+) } : ();
    $path //= '?';
    my $status = $path eq '/missing' ? '404 Not Found' : '200 OK';
    my $body = join '', "You asked for $path\n",
        map { (my $shown = $_) =~ s/\015/\\r/g; $shown =~ s/\012/\\n/g; "> $shown\n" } @request;
    print $client "HTTP/1.0 $status\015\012Content-Type: text/plain\015\012",
        "Content-Length: ", length($body), "\015\012\015\012", $body;
    close $client;
}
