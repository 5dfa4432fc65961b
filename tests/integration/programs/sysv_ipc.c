// System V IPC as svipc(7) and the msg*, sem* man pages describe it:
// keys and ids, IPC_PRIVATE, IPC_CREAT|IPC_EXCL, removal, the message
// queue's types and limits, blocking senders and receivers across fork,
// semaphores' atomic operations, SEM_UNDO at exit and with CLONE_SYSVSEM,
// waits interrupted by signals or ended by IPC_RMID, permissions for a
// non-root uid, and isolation by unshare(CLONE_NEWIPC). Everything runs in
// a child that first unshares CLONE_NEWIPC, so the host's IPC objects are
// never touched, and nothing printed depends on the host (ids are printed
// only as differences inside that new namespace).
#define _GNU_SOURCE
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

// <linux/msg.h>'s; musl's <sys/msg.h> does not define it.
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

static void report(const char* what, long result)
{
    printf("%s: %ld %s\n", what, result, result < 0 ? errno_name(errno) : "");
}

static void sleep_ms(long ms)
{
    struct timespec time = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&time, NULL);
}

static void on_signal(int signal)
{
    (void)signal;
}

// A handler with SA_RESTART: msgrcv, msgsnd and semop still end with EINTR.
static void catch_with_restart(int signal)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigaction(signal, &action, NULL);
}

// The child's exit status, or -1.
static int wait_status(pid_t pid)
{
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

struct message {
    long type;
    char text[64];
};

static long send_text(int id, long type, const char* text, int flags)
{
    struct message message;
    message.type = type;
    strcpy(message.text, text);
    return msgsnd(id, &message, strlen(text), flags);
}

static void receive(const char* what, int id, size_t size, long type, int flags)
{
    struct message message;
    memset(&message, 0, sizeof(message));
    long length = msgrcv(id, &message, size, type, flags);
    if (length < 0) {
        report(what, length);
        return;
    }
    printf("%s: %ld type %ld text %.*s\n", what, length, message.type, (int)length, message.text);
}

// Drops root for good: uid and gid 1000, no supplementary groups.
static void become_user(void)
{
    setgroups(0, NULL);
    if (setgid(1000) != 0 || setuid(1000) != 0) {
        _exit(99);
    }
}

static void keys_and_ids(void)
{
    const key_t key = 0x5151;
    int first = msgget(IPC_PRIVATE, 0600);
    check("msgget(IPC_PRIVATE) gives an id", first >= 0);
    report("msgget(key, 0) without a queue", msgget(key, 0));
    int keyed = msgget(key, IPC_CREAT | 0640);
    check("msgget(key, IPC_CREAT) gives an id", keyed >= 0);
    printf("second id - first id: %d\n", keyed - first);
    check("msgget(key, 0) finds the same queue", msgget(key, 0) == keyed);
    check("msgget(key, IPC_CREAT) finds the same queue", msgget(key, IPC_CREAT | 0600) == keyed);
    report("msgget(key, IPC_CREAT|IPC_EXCL)", msgget(key, IPC_CREAT | IPC_EXCL | 0600));
    int other = msgget(IPC_PRIVATE, 0600);
    check("a second IPC_PRIVATE queue is another one", other != first && other >= 0);
    report("msgctl(IPC_RMID)", msgctl(first, IPC_RMID, NULL));
    report("msgsnd to a removed id", send_text(first, 1, "x", IPC_NOWAIT));
    struct msqid_ds stat;
    report("IPC_STAT of a removed id", msgctl(first, IPC_STAT, &stat));
    report("IPC_RMID again", msgctl(first, IPC_RMID, NULL));
    int again = msgget(IPC_PRIVATE, 0600);
    check("a new queue does not reuse the removed id", again != first);
    printf("new id - first id: %d\n", again - first);
    report("msgctl(-1, IPC_STAT)", msgctl(-1, IPC_STAT, &stat));
    report("msgctl(bad cmd)", msgctl(keyed, 99, &stat));
    report("msgctl(IPC_STAT | IPC_64)", syscall(SYS_msgctl, keyed, IPC_STAT | 0x100, &stat));
    msgctl(keyed, IPC_RMID, NULL);
    msgctl(other, IPC_RMID, NULL);
    msgctl(again, IPC_RMID, NULL);
    check("msgget(key, 0) after the keyed queue went", msgget(key, 0) < 0 && errno == ENOENT);
}

static void message_types(void)
{
    int id = msgget(IPC_PRIVATE, 0600);
    report("send type 3", send_text(id, 3, "three", 0));
    report("send type 1", send_text(id, 1, "one", 0));
    report("send type 2", send_text(id, 2, "two", 0));
    report("send type 1 again", send_text(id, 1, "uno", 0));
    report("send type 0", send_text(id, 0, "zero", 0));
    report("send type -1", send_text(id, -1, "minus", 0));
    report("send more than MSGMAX", msgsnd(id, &(struct message) { 1, "" }, 8193, 0));
    report("send from a bad pointer", msgsnd(id, (void*)8, 4, 0));
    struct msqid_ds stat;
    msgctl(id, IPC_STAT, &stat);
    printf("qnum %lu cbytes %lu qbytes %lu\n", (unsigned long)stat.msg_qnum, (unsigned long)stat.__msg_cbytes, (unsigned long)stat.msg_qbytes);
    check("lspid is the sender", stat.msg_lspid == getpid());
    check("lrpid is none yet", stat.msg_lrpid == 0);
    printf("mode %o uid %u cuid %u\n", stat.msg_perm.mode, stat.msg_perm.uid, stat.msg_perm.cuid);
    receive("receive type 2", id, 64, 2, 0);
    receive("receive type -3 (lowest)", id, 64, -3, 0);
    receive("receive type 1 with MSG_EXCEPT", id, 64, 1, MSG_EXCEPT);
    receive("receive type 7 (none)", id, 64, 7, IPC_NOWAIT);
    receive("receive into 2 bytes", id, 2, 0, IPC_NOWAIT);
    receive("receive into 2 bytes, MSG_NOERROR", id, 2, 0, IPC_NOWAIT | MSG_NOERROR);
    receive("receive from an empty queue", id, 64, 0, IPC_NOWAIT);
    report("send type 5", send_text(id, 5, "five", 0));
    receive("MSG_COPY without IPC_NOWAIT", id, 64, 0, MSG_COPY);
    receive("MSG_COPY of message 0", id, 64, 0, MSG_COPY | IPC_NOWAIT);
    receive("MSG_COPY of message 1", id, 64, 1, MSG_COPY | IPC_NOWAIT);
    receive("receive after the copy", id, 64, 0, IPC_NOWAIT);
    receive("receive with a negative size", id, (size_t)-1, 0, IPC_NOWAIT);
    msgctl(id, IPC_STAT, &stat);
    check("lrpid is the receiver", stat.msg_lrpid == getpid());
    printf("qnum %lu cbytes %lu\n", (unsigned long)stat.msg_qnum, (unsigned long)stat.__msg_cbytes);

    // A full queue: msg_qbytes bounds the bytes and the number of messages.
    stat.msg_qbytes = 10;
    report("IPC_SET msg_qbytes 10", msgctl(id, IPC_SET, &stat));
    report("send 8 bytes", send_text(id, 1, "12345678", IPC_NOWAIT));
    report("send 8 more, IPC_NOWAIT", send_text(id, 1, "12345678", IPC_NOWAIT));
    report("send 2 more", send_text(id, 1, "12", IPC_NOWAIT));
    report("send 0 more", send_text(id, 1, "", IPC_NOWAIT));
    stat.msg_qbytes = 16385;
    report("IPC_SET msg_qbytes above MSGMNB without CAP_SYS_RESOURCE", msgctl(id, IPC_SET, &stat));

    struct msginfo info;
    long max_index = msgctl(0, IPC_INFO, (struct msqid_ds*)&info);
    printf("IPC_INFO: %ld msgmax %d msgmnb %d msgmni %d msgssz %d msgseg %d\n", max_index, info.msgmax, info.msgmnb, info.msgmni, info.msgssz, info.msgseg);
    max_index = msgctl(0, MSG_INFO, (struct msqid_ds*)&info);
    printf("MSG_INFO: pool %d map %d tql %d\n", info.msgpool, info.msgmap, info.msgtql);
    long stat_id = msgctl((int)max_index, MSG_STAT, &stat);
    check("MSG_STAT by index gives the full id", stat_id == id);
    report("MSG_STAT of a free index", msgctl(1000, MSG_STAT, &stat));
    msgctl(id, IPC_RMID, NULL);
}

static void blocking_messages(void)
{
    int id = msgget(IPC_PRIVATE, 0600);
    // A receiver blocked for type 7 gets the message a sender sends later.
    pid_t child = fork();
    if (child == 0) {
        struct message message;
        long length = msgrcv(id, &message, sizeof(message.text), 7, 0);
        _exit(length == 5 && message.type == 7 && memcmp(message.text, "seven", 5) == 0 ? 0 : 1);
    }
    sleep_ms(100);
    report("send type 6 to a waiting receiver of 7", send_text(id, 6, "six", 0));
    report("send type 7", send_text(id, 7, "seven", 0));
    printf("the blocked receiver got it: %d\n", wait_status(child));
    receive("type 6 is still queued", id, 64, 0, IPC_NOWAIT);

    // A receiver whose buffer is too small gets E2BIG when the message comes.
    child = fork();
    if (child == 0) {
        struct message message;
        long length = msgrcv(id, &message, 2, 0, 0);
        _exit(length < 0 && errno == E2BIG ? 0 : 1);
    }
    sleep_ms(100);
    report("send a long message to a small receiver", send_text(id, 1, "long text", 0));
    printf("the small receiver got E2BIG: %d\n", wait_status(child));
    receive("the long message stays", id, 64, 0, IPC_NOWAIT);

    // A sender blocked on a full queue goes on when a receiver makes room.
    struct msqid_ds stat;
    msgctl(id, IPC_STAT, &stat);
    stat.msg_qbytes = 4;
    msgctl(id, IPC_SET, &stat);
    send_text(id, 1, "full", 0);
    child = fork();
    if (child == 0) {
        _exit(send_text(id, 2, "more", 0) == 0 ? 0 : 1);
    }
    sleep_ms(100);
    receive("make room", id, 64, 1, 0);
    printf("the blocked sender went on: %d\n", wait_status(child));
    receive("its message", id, 64, 0, IPC_NOWAIT);

    // A signal ends a blocked msgrcv with EINTR even with SA_RESTART.
    child = fork();
    if (child == 0) {
        catch_with_restart(SIGUSR1);
        struct message message;
        long length = msgrcv(id, &message, sizeof(message.text), 0, 0);
        _exit(length < 0 && errno == EINTR ? 0 : 1);
    }
    sleep_ms(100);
    kill(child, SIGUSR1);
    printf("msgrcv interrupted with EINTR: %d\n", wait_status(child));

    // So does msgsnd on a full queue.
    send_text(id, 1, "full", 0);
    child = fork();
    if (child == 0) {
        catch_with_restart(SIGUSR1);
        _exit(send_text(id, 1, "more", 0) < 0 && errno == EINTR ? 0 : 1);
    }
    sleep_ms(100);
    kill(child, SIGUSR1);
    printf("msgsnd interrupted with EINTR: %d\n", wait_status(child));

    // IPC_RMID ends both kinds of waits with EIDRM.
    pid_t sender = fork();
    if (sender == 0) {
        _exit(send_text(id, 1, "more", 0) < 0 && errno == EIDRM ? 0 : 1);
    }
    int other = msgget(IPC_PRIVATE, 0600);
    pid_t receiver = fork();
    if (receiver == 0) {
        struct message message;
        _exit(msgrcv(other, &message, sizeof(message.text), 0, 0) < 0 && errno == EIDRM ? 0 : 1);
    }
    sleep_ms(100);
    report("IPC_RMID with a blocked sender", msgctl(id, IPC_RMID, NULL));
    report("IPC_RMID with a blocked receiver", msgctl(other, IPC_RMID, NULL));
    printf("the sender got EIDRM: %d\n", wait_status(sender));
    printf("the receiver got EIDRM: %d\n", wait_status(receiver));
}

static void message_permissions(void)
{
    const key_t key = 0x7171;
    int id = msgget(key, IPC_CREAT | 0600);
    int readable = msgget(0x7172, IPC_CREAT | 0644);
    send_text(id, 1, "secret", 0);
    pid_t child = fork();
    if (child == 0) {
        become_user();
        struct msqid_ds stat;
        report("user: msgget(key, 0600)", msgget(key, 0600));
        check("user: msgget(key, 0) finds it", msgget(key, 0) == id);
        report("user: msgsnd", send_text(id, 1, "x", IPC_NOWAIT));
        receive("user: msgrcv", id, 64, 0, IPC_NOWAIT);
        report("user: IPC_STAT", msgctl(id, IPC_STAT, &stat));
        check("user: MSG_STAT_ANY ignores the mode", msgctl(id % 32768, MSG_STAT_ANY, &stat) == id);
        report("user: MSG_STAT", msgctl(id % 32768, MSG_STAT, &stat));
        report("user: IPC_SET", msgctl(id, IPC_SET, &stat));
        report("user: IPC_RMID", msgctl(id, IPC_RMID, NULL));
        report("user: msgsnd to a 0644 queue", send_text(readable, 1, "x", IPC_NOWAIT));
        report("user: IPC_STAT of a 0644 queue", msgctl(readable, IPC_STAT, &stat));
        int own = msgget(IPC_PRIVATE, 0600);
        check("user: its own queue", own >= 0);
        msgctl(own, IPC_STAT, &stat);
        printf("user: own queue uid %u cuid %u gid %u\n", stat.msg_perm.uid, stat.msg_perm.cuid, stat.msg_perm.gid);
        stat.msg_qbytes = 16385;
        report("user: msg_qbytes above MSGMNB", msgctl(own, IPC_SET, &stat));
        stat.msg_qbytes = 100;
        stat.msg_perm.mode = 0400;
        report("user: IPC_SET of its own queue", msgctl(own, IPC_SET, &stat));
        report("user: send to its read-only queue", send_text(own, 1, "x", IPC_NOWAIT));
        report("user: IPC_RMID of its own queue", msgctl(own, IPC_RMID, NULL));
        _exit(0);
    }
    wait_status(child);
    // Root hands the queue over: the new owner may then remove it.
    struct msqid_ds stat;
    msgctl(id, IPC_STAT, &stat);
    stat.msg_perm.uid = 1000;
    report("root: IPC_SET uid 1000", msgctl(id, IPC_SET, &stat));
    msgctl(id, IPC_STAT, &stat);
    printf("root: uid %u cuid %u mode %o\n", stat.msg_perm.uid, stat.msg_perm.cuid, stat.msg_perm.mode);
    child = fork();
    if (child == 0) {
        become_user();
        receive("new owner: msgrcv", id, 64, 0, IPC_NOWAIT);
        report("new owner: IPC_RMID", msgctl(id, IPC_RMID, NULL));
        _exit(0);
    }
    wait_status(child);
    msgctl(readable, IPC_RMID, NULL);
}

static int sem_value(int id, int index)
{
    return semctl(id, index, GETVAL);
}

static long sem_apply(int id, unsigned short index, short op, short flags)
{
    struct sembuf buffer = { index, op, flags };
    return semop(id, &buffer, 1);
}

// Polls until `count` tasks wait on semaphore `index` (GETNCNT or GETZCNT).
static int await_waiters(int id, int index, int cmd, int count)
{
    for (int i = 0; i < 500; ++i) {
        if (semctl(id, index, cmd) == count) {
            return 1;
        }
        sleep_ms(10);
    }
    return 0;
}

static void semaphore_basics(void)
{
    const key_t key = 0x5353;
    report("semget(nsems -1)", semget(IPC_PRIVATE, -1, 0600));
    report("semget(nsems 0) for a new set", semget(IPC_PRIVATE, 0, 0600));
    report("semget(nsems SEMMSL + 1)", semget(IPC_PRIVATE, 32001, 0600));
    int id = semget(key, 3, IPC_CREAT | 0600);
    check("semget(key, 3, IPC_CREAT)", id >= 0);
    report("semget(key, 4) for a set of 3", semget(key, 4, 0));
    check("semget(key, 0) finds it", semget(key, 0, 0) == id);
    check("semget(key, 2) finds it", semget(key, 2, 0) == id);
    report("semget(key, 3, IPC_CREAT|IPC_EXCL)", semget(key, 3, IPC_CREAT | IPC_EXCL | 0600));

    struct sembuf ops[2] = { { 0, 1, 0 }, { 1, -1, IPC_NOWAIT } };
    report("semop +1, -1 with IPC_NOWAIT", semop(id, ops, 2));
    printf("values after the failed semop: %d %d\n", sem_value(id, 0), sem_value(id, 1));
    ops[1].sem_op = 2;
    report("semop +1, +2", semop(id, ops, 2));
    printf("values: %d %d %d\n", sem_value(id, 0), sem_value(id, 1), sem_value(id, 2));
    report("semop on sem 3 of 3", sem_apply(id, 3, 1, 0));
    report("semop with no operations", semop(id, ops, 0));
    static struct sembuf many[501];
    for (int i = 0; i < 501; ++i) {
        many[i].sem_num = 2;
    }
    report("semop with 501 operations", semop(id, many, 501));
    report("semop with 500 zero waits", semop(id, many, 500) == 0 ? 0 : -1);
    report("semop from a bad pointer", semop(id, (struct sembuf*)8, 1));
    report("semop on id -1", sem_apply(-1, 0, 1, 0));
    report("SETVAL 32767", semctl(id, 2, SETVAL, 32767));
    report("semop past SEMVMX", sem_apply(id, 2, 1, 0));
    report("SETVAL 32768", semctl(id, 2, SETVAL, 32768));
    report("SETVAL -1", semctl(id, 2, SETVAL, -1));
    report("SETVAL on sem 3", semctl(id, 3, SETVAL, 1));
    report("GETVAL on sem -1", semctl(id, -1, GETVAL));
    report("wait for zero on a nonzero sem, IPC_NOWAIT", sem_apply(id, 0, 0, IPC_NOWAIT));
    report("semop -2 on 1, IPC_NOWAIT", sem_apply(id, 0, -2, IPC_NOWAIT));
    check("GETPID is the caller", semctl(id, 0, GETPID) == getpid());
    report("GETNCNT", semctl(id, 0, GETNCNT));
    report("GETZCNT", semctl(id, 0, GETZCNT));

    unsigned short values[3] = { 4, 5, 6 };
    report("SETALL 4 5 6", semctl(id, 0, SETALL, values));
    memset(values, 0, sizeof(values));
    report("GETALL", semctl(id, 0, GETALL, values));
    printf("values: %u %u %u\n", values[0], values[1], values[2]);
    unsigned short too_big[3] = { 1, 40000, 1 };
    report("SETALL with 40000", semctl(id, 0, SETALL, too_big));
    report("GETALL to a bad pointer", semctl(id, 0, GETALL, (void*)8));
    report("semctl(bad cmd)", semctl(id, 0, 99));
    report("semctl(GETVAL | IPC_64)", syscall(SYS_semctl, id, 0, GETVAL | 0x100, 0));

    struct semid_ds stat;
    report("IPC_STAT", semctl(id, 0, IPC_STAT, &stat));
    printf("nsems %lu mode %o uid %u\n", (unsigned long)stat.sem_nsems, stat.sem_perm.mode, stat.sem_perm.uid);
    check("sem_otime is set", stat.sem_otime != 0);
    struct seminfo info;
    long max_index = semctl(0, 0, IPC_INFO, &info);
    printf("IPC_INFO: %ld semmsl %d semmns %d semopm %d semvmx %d semmni %d semaem %d\n", max_index, info.semmsl, info.semmns, info.semopm, info.semvmx, info.semmni, info.semaem);
    int second = semget(IPC_PRIVATE, 5, 0600);
    max_index = semctl(0, 0, SEM_INFO, &info);
    printf("SEM_INFO: %ld sets %d semaphores %d\n", max_index, info.semusz, info.semaem);
    check("SEM_STAT by index gives the full id", semctl((int)max_index, 0, SEM_STAT, &stat) == second);

    // semtimedop: a relative timeout; a bad timespec is EINVAL.
    struct timespec timeout = { 0, 50 * 1000 * 1000 };
    struct sembuf down = { 1, -100, 0 };
    report("semtimedop that times out", semtimedop(id, &down, 1, &timeout));
    timeout.tv_nsec = 1000000000;
    report("semtimedop with tv_nsec 1e9", semtimedop(id, &down, 1, &timeout));
    report("semtimedop with a bad timeout pointer", semtimedop(id, &down, 1, (struct timespec*)8));
    report("IPC_RMID", semctl(id, 0, IPC_RMID));
    report("GETVAL of a removed set", semctl(id, 0, GETVAL));
    report("semop on a removed set", sem_apply(id, 0, 1, 0));
    semctl(second, 0, IPC_RMID);
}

static void blocking_semaphores(void)
{
    int id = semget(IPC_PRIVATE, 2, 0600);
    // A decrement waits; the increment that allows it completes it at once.
    pid_t child = fork();
    if (child == 0) {
        _exit(sem_apply(id, 0, -1, 0) == 0 ? 0 : 1);
    }
    check("one task waits to decrement", await_waiters(id, 0, GETNCNT, 1));
    report("GETZCNT", semctl(id, 0, GETZCNT));
    report("semop +1", sem_apply(id, 0, 1, 0));
    printf("value right after the +1: %d\n", sem_value(id, 0));
    printf("the waiter went on: %d\n", wait_status(child));
    check("GETPID is the reaped waiter", semctl(id, 0, GETPID) == child);

    // A wait for zero.
    semctl(id, 1, SETVAL, 1);
    child = fork();
    if (child == 0) {
        _exit(sem_apply(id, 1, 0, 0) == 0 ? 0 : 1);
    }
    check("one task waits for zero", await_waiters(id, 1, GETZCNT, 1));
    report("GETNCNT", semctl(id, 1, GETNCNT));
    report("SETVAL 0", semctl(id, 1, SETVAL, 0));
    printf("the zero waiter went on: %d\n", wait_status(child));

    // Both operations of a waiting semop happen together.
    child = fork();
    if (child == 0) {
        struct sembuf ops[2] = { { 0, -1, 0 }, { 1, -1, 0 } };
        _exit(semop(id, ops, 2) == 0 ? 0 : 1);
    }
    check("the pair waits on sem 0", await_waiters(id, 0, GETNCNT, 1));
    report("GETNCNT of sem 1 (not the one it waits on)", semctl(id, 1, GETNCNT));
    sem_apply(id, 1, 1, 0);
    printf("after +1 on sem 1: %d %d\n", sem_value(id, 0), sem_value(id, 1));
    sem_apply(id, 0, 1, 0);
    printf("after +1 on sem 0: %d %d\n", sem_value(id, 0), sem_value(id, 1));
    printf("the pair went on: %d\n", wait_status(child));

    // A signal: EINTR even with SA_RESTART.
    child = fork();
    if (child == 0) {
        catch_with_restart(SIGUSR1);
        _exit(sem_apply(id, 0, -1, 0) < 0 && errno == EINTR ? 0 : 1);
    }
    await_waiters(id, 0, GETNCNT, 1);
    kill(child, SIGUSR1);
    printf("semop interrupted with EINTR: %d\n", wait_status(child));
    report("GETNCNT after the interruption", semctl(id, 0, GETNCNT));

    // IPC_RMID: EIDRM.
    child = fork();
    if (child == 0) {
        _exit(sem_apply(id, 0, -1, 0) < 0 && errno == EIDRM ? 0 : 1);
    }
    await_waiters(id, 0, GETNCNT, 1);
    report("IPC_RMID with a waiter", semctl(id, 0, IPC_RMID));
    printf("the waiter got EIDRM: %d\n", wait_status(child));
}

static void undo(void)
{
    int id = semget(IPC_PRIVATE, 2, 0600);
    semctl(id, 1, SETVAL, 5);
    pid_t child = fork();
    if (child == 0) {
        struct sembuf ops[2] = { { 0, 2, SEM_UNDO }, { 1, -1, SEM_UNDO } };
        _exit(semop(id, ops, 2) == 0 && sem_value(id, 0) == 2 && sem_value(id, 1) == 4 ? 0 : 1);
    }
    printf("the child changed the set: %d\n", wait_status(child));
    check("GETPID is the exited child (undo)", semctl(id, 0, GETPID) == child);
    printf("after its exit: %d %d\n", sem_value(id, 0), sem_value(id, 1));

    // The adjustment is clamped at 0 when others took the value meanwhile.
    int ready[2], go[2];
    if (pipe(ready) != 0 || pipe(go) != 0) {
        return;
    }
    child = fork();
    if (child == 0) {
        char byte = 0;
        sem_apply(id, 0, 3, SEM_UNDO);
        write(ready[1], "r", 1);
        read(go[0], &byte, 1);
        _exit(0);
    }
    char byte = 0;
    read(ready[0], &byte, 1);
    report("take the child's 3", sem_apply(id, 0, -3, 0));
    write(go[1], "g", 1);
    wait_status(child);
    printf("after the exit, clamped: %d\n", sem_value(id, 0));

    // SETVAL clears the adjustments of that semaphore.
    child = fork();
    if (child == 0) {
        sem_apply(id, 0, 2, SEM_UNDO);
        sem_apply(id, 1, 1, SEM_UNDO);
        write(ready[1], "r", 1);
        read(go[0], &byte, 1);
        _exit(0);
    }
    read(ready[0], &byte, 1);
    semctl(id, 0, SETVAL, 7);
    write(go[1], "g", 1);
    wait_status(child);
    printf("after SETVAL 7 and the exit: %d %d\n", sem_value(id, 0), sem_value(id, 1));

    // The undo range: an adjustment past SEMAEM is ERANGE.
    semctl(id, 0, SETVAL, 0);
    report("+32767 with SEM_UNDO", sem_apply(id, 0, 32767, SEM_UNDO));
    report("-2 without", sem_apply(id, 0, -2, 0));
    report("+1 with SEM_UNDO (adjustment -32768)", sem_apply(id, 0, 1, SEM_UNDO));
    report("-1 without", sem_apply(id, 0, -1, 0));
    report("+1 with SEM_UNDO (adjustment -32769)", sem_apply(id, 0, 1, SEM_UNDO));
    printf("value after the ERANGE: %d\n", sem_value(id, 0));
    report("SETVAL 0", semctl(id, 0, SETVAL, 0));

    // CLONE_SYSVSEM: a child sharing the undo list does not apply it at its
    // exit; the parent's unshare(CLONE_SYSVSEM), as the last user, does.
    semctl(id, 0, SETVAL, 0);
    pid_t sharer = syscall(SYS_clone, CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0);
    if (sharer == 0) {
        _exit(sem_apply(id, 0, 4, SEM_UNDO) == 0 ? 0 : 1);
    }
    printf("the sharing child: %d\n", wait_status(sharer));
    printf("after the sharing child's exit: %d\n", sem_value(id, 0));
    report("unshare(CLONE_SYSVSEM)", unshare(CLONE_SYSVSEM));
    printf("after unshare(CLONE_SYSVSEM): %d\n", sem_value(id, 0));

    // Without CLONE_SYSVSEM a child's undo list is its own.
    sem_apply(id, 0, 1, SEM_UNDO);
    child = fork();
    if (child == 0) {
        _exit(0);
    }
    wait_status(child);
    printf("a forked child's exit leaves the parent's undo: %d\n", sem_value(id, 0));
    semctl(id, 0, IPC_RMID);
    // An undo entry of a removed set is dropped quietly at exit.
    close(ready[0]);
    close(ready[1]);
    close(go[0]);
    close(go[1]);
}

static void semaphore_permissions(void)
{
    int id = semget(0x7373, 1, IPC_CREAT | 0600);
    int readable = semget(0x7374, 1, IPC_CREAT | 0644);
    pid_t child = fork();
    if (child == 0) {
        become_user();
        struct semid_ds stat;
        report("user: semget(key, 1, 0600)", semget(0x7373, 1, 0600));
        report("user: semop", sem_apply(id, 0, 1, IPC_NOWAIT));
        report("user: GETVAL", semctl(id, 0, GETVAL));
        report("user: SETVAL", semctl(id, 0, SETVAL, 1));
        report("user: IPC_STAT", semctl(id, 0, IPC_STAT, &stat));
        report("user: IPC_RMID", semctl(id, 0, IPC_RMID));
        report("user: GETVAL of a 0644 set", semctl(readable, 0, GETVAL));
        report("user: wait for zero on a 0644 set", sem_apply(readable, 0, 0, IPC_NOWAIT));
        report("user: semop +1 on a 0644 set", sem_apply(readable, 0, 1, IPC_NOWAIT));
        _exit(0);
    }
    wait_status(child);
    semctl(id, 0, IPC_RMID);
    semctl(readable, 0, IPC_RMID);
}

static void namespaces(void)
{
    int queue = msgget(0x4e53, IPC_CREAT | 0600);
    int set = semget(0x4e53, 1, IPC_CREAT | 0600);
    pid_t child = fork();
    if (child == 0) {
        report("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
        report("msgget(key, 0) in the new namespace", msgget(0x4e53, 0));
        report("semget(key, 0) in the new namespace", semget(0x4e53, 0, 0));
        struct msqid_ds stat;
        report("IPC_STAT of the old id", msgctl(queue, IPC_STAT, &stat));
        struct msginfo info;
        report("MSG_INFO in the new namespace", msgctl(0, MSG_INFO, (struct msqid_ds*)&info));
        printf("queues in the new namespace: %d\n", info.msgpool);
        int mine = msgget(0x4e53, IPC_CREAT | 0600);
        check("the same key makes another queue", mine >= 0);
        _exit(0);
    }
    wait_status(child);
    check("the old namespace still has its queue", msgget(0x4e53, 0) == queue);
    struct msginfo info;
    msgctl(0, MSG_INFO, (struct msqid_ds*)&info);
    printf("queues here: %d\n", info.msgpool);
    report("clone(CLONE_NEWIPC | CLONE_SYSVSEM)", syscall(SYS_clone, CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0));
    msgctl(queue, IPC_RMID, NULL);
    semctl(set, 0, IPC_RMID);
}

// Drops CAP_SYS_RESOURCE (msg_qbytes above MSGMNB), which a host's root
// may lack anyway, so that both sides start from the same capabilities.
// <linux/capability.h>'s, which musl-gcc does not reach.
struct cap_header {
    unsigned int version;
    int pid;
};
struct cap_data {
    unsigned int effective;
    unsigned int permitted;
    unsigned int inheritable;
};
#define CAPABILITY_VERSION_3 0x20080522
#define CAP_SYS_RESOURCE_BIT 24

static void drop_sys_resource(void)
{
    struct cap_header header = { CAPABILITY_VERSION_3, 0 };
    struct cap_data data[2];
    memset(data, 0, sizeof(data));
    syscall(SYS_capget, &header, data);
    data[0].effective &= ~(1U << CAP_SYS_RESOURCE_BIT);
    data[0].permitted &= ~(1U << CAP_SYS_RESOURCE_BIT);
    check("capset without CAP_SYS_RESOURCE", syscall(SYS_capset, &header, data) == 0);
}

static int run(void)
{
    drop_sys_resource();
    if (unshare(CLONE_NEWIPC) != 0) {
        printf("unshare(CLONE_NEWIPC) failed\n");
        return 1;
    }
    keys_and_ids();
    message_types();
    blocking_messages();
    message_permissions();
    semaphore_basics();
    blocking_semaphores();
    undo();
    semaphore_permissions();
    namespaces();
    return failures == 0 ? 0 : 1;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t child = fork();
    if (child == 0) {
        _exit(run());
    }
    int status = wait_status(child);
    printf("done: %d\n", status);
    return status;
}
