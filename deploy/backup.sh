#!/bin/sh
# Nightly logical backup of the Pulse database, run from cron on the host (docs/deploy.md):
#   15 2 * * * cd /opt/pulse/deploy && ./backup.sh >> /var/log/pulse-backup.log 2>&1
# Writes deploy/backups/pulse-YYYYMMDD-HHMMSS.dump (custom format, compressed), keeps
# KEEP_DAYS days of them, and copies each new one off the server when BACKUP_REMOTE is set
# (an rsync target such as a Hetzner Storage Box: u123456@u123456.your-storagebox.de:pulse/).
set -eu
KEEP_DAYS="${KEEP_DAYS:-14}"
cd "$(dirname "$0")"
mkdir -p backups
name="pulse-$(date -u +%Y%m%d-%H%M%S).dump"
# pg_dump runs inside the postgres container and writes to the mounted ./backups folder.
docker compose exec -T postgres sh -c 'pg_dump --username "$POSTGRES_USER" --format=custom --compress=6 --file "/backups/'"$name"'.partial" "$PULSE_DB"'
mv "backups/$name.partial" "backups/$name"
# A dump that does not list its own contents is not a backup.
docker compose exec -T postgres pg_restore --list "/backups/$name" > /dev/null
echo "$(date -u +%FT%TZ) backup backups/$name $(du -h "backups/$name" | cut -f1)"
if [ -n "${BACKUP_REMOTE:-}" ]; then
  rsync -a -e "ssh -p 23" "backups/$name" "$BACKUP_REMOTE"
fi
find backups -name 'pulse-*.dump' -mtime +"$KEEP_DAYS" -delete
