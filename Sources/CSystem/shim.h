// What LetsChat needs from glibc that Swift's Glibc module does not show: its headers are read
// without _GNU_SOURCE, and some headers (epoll, malloc) are not part of it at all. Everything here
// is a plain declaration of glibc's own function, so Swift calls it directly.
#ifndef LETSCHAT_CSYSTEM_SHIM_H
#define LETSCHAT_CSYSTEM_SHIM_H

#include <pthread.h>
#include <spawn.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/socket.h>

/// The attributes of a running thread, its stack among them (GNU extension).
int pthread_getattr_np(pthread_t thread, pthread_attr_t *attributes);

/// Sets the name `ps -L` and `top -H` show; Linux keeps 15 bytes (GNU extension).
int pthread_setname_np(pthread_t thread, const char *name);

/// Gives the heap's free pages back to the system, keeping `pad` bytes (from <malloc.h>).
int malloc_trim(size_t pad);

/// `accept` that sets flags such as SOCK_CLOEXEC on the new descriptor at once (GNU extension).
int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// `pipe` with flags such as O_CLOEXEC and O_NONBLOCK set at once (GNU extension).
int pipe2(int fds[2], int flags);

/// Moves the calling thread into the namespace `fd` refers to (GNU extension; the LAN tests' browser).
int setns(int fd, int nstype);

/// Makes a spawned process close every descriptor from `from` up (glibc 2.34).
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

#endif
