# perl ping.pl PONG_PID N: round trips with a %SIG handler (deferred, as Perl runs them), via sigsuspend.
use strict; use warnings;
use POSIX qw(:signal_h);
use Time::HiRes qw(time);
my ($pong, $n) = @ARGV;
my $got = 0;
$SIG{USR1} = sub { $got++ };
my $usr1 = POSIX::SigSet->new(SIGUSR1);
my $empty = POSIX::SigSet->new();
sigprocmask(SIG_BLOCK, $usr1);
my $t = time;
for (1 .. $n) {
    kill USR1 => $pong;
    sigsuspend($empty) while $got < $_;
}
printf "%.0f\n", $n / (time - $t);
