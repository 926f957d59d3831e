/*
 * mkcpio: write a directory tree as a newc cpio archive on stdout, the
 * same bytes for the same tree on any machine.
 *
 * An initramfs is a newc archive ("070701" headers with hexadecimal
 * fields, names and data padded to 4 bytes, a TRAILER!!! entry last).
 * cpio programs copy inode numbers, owners and time stamps from the build
 * machine, so two builds of the same files differ; here entries come in
 * sorted order, inode numbers count up in that order, every file is owned
 * by root with time stamp 0, and only the permission bits and the type are
 * taken from the tree.  Regular files, directories and symbolic links are
 * all an initramfs needs (devices come from devtmpfs at boot).
 *
 *   mkcpio DIR > archive.cpio
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned int next_ino = 1;
static unsigned long long offset;

static void put(const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, stdout) != n)
		err(1, "write");
	offset += n;
}

static void pad4(void)
{
	static const char zero[4];

	put(zero, (4 - offset % 4) % 4);
}

static void header(const char *name, unsigned int mode, unsigned int nlink,
		   size_t size)
{
	char h[128];	/* 110 bytes used: fields are 32-bit by format */

	snprintf(h, sizeof(h),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 next_ino++, mode, 0, 0, nlink, 0, (unsigned int)size, 0, 0,
		 0, 0, (unsigned int)strlen(name) + 1, 0);
	put(h, 110);
	put(name, strlen(name) + 1);
	pad4();
}

static void file_data(const char *path, size_t size)
{
	char *buf = malloc(size ? size : 1);
	FILE *f = fopen(path, "rb");

	if (!buf || !f || fread(buf, 1, size, f) != size)
		err(1, "%s", path);
	fclose(f);
	put(buf, size);
	pad4();
	free(buf);
}

static void entry(const char *path, const char *name)
{
	unsigned int perm;
	struct stat st;
	char target[4096];
	ssize_t n;

	if (lstat(path, &st))
		err(1, "%s", path);
	perm = st.st_mode & 07777;
	if (S_ISDIR(st.st_mode)) {
		header(name, S_IFDIR | perm, 2, 0);
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(path, target, sizeof(target));
		if (n < 0)
			err(1, "%s", path);
		header(name, S_IFLNK | 0777, 1, n);
		put(target, n);
		pad4();
	} else if (S_ISREG(st.st_mode)) {
		header(name, S_IFREG | perm, 1, st.st_size);
		file_data(path, st.st_size);
	} else {
		errx(1, "%s: not a file, directory or link", path);
	}
}

/* Depth first, each directory before its contents, names sorted. */
static void walk(const char *dir, const char *prefix)
{
	struct dirent **list;
	char *path, *name;
	int n, i;

	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0)
		err(1, "%s", dir);
	for (i = 0; i < n; i++) {
		const char *d = list[i]->d_name;
		struct stat st;

		if (strcmp(d, ".") && strcmp(d, "..")) {
			if (asprintf(&path, "%s/%s", dir, d) < 0 ||
			    asprintf(&name, "%s%s", prefix, d) < 0)
				err(1, "asprintf");
			entry(path, name);
			if (!lstat(path, &st) && S_ISDIR(st.st_mode)) {
				free(name);
				if (asprintf(&name, "%s%s/", prefix, d) < 0)
					err(1, "asprintf");
				walk(path, name);
			}
			free(path);
			free(name);
		}
		free(list[i]);
	}
	free(list);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		errx(2, "usage: mkcpio DIR > archive.cpio");
	walk(argv[1], "");
	next_ino = 0;
	header("TRAILER!!!", 0, 1, 0);
	return fflush(stdout) ? 1 : 0;
}
