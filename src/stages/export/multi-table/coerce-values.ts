import type { TableMetadata } from 'kysely';

/** A column's value made to fit its type; null when the column needs nothing. */
type Coerce = (value: string) => string;

// An ISO 8601 date-time, as the date normalizer writes it: 2017-10-10T07:45:00Z, 2017-01-05T09:36:20, …+02:00.
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date-time without a time zone column (MySQL datetime and timestamp, PostgreSQL timestamp) takes
 * "YYYY-MM-DD HH:MM:SS": an ISO 8601 value with T is written that way, one with a zone or Z in UTC (MySQL refuses
 * the T form with a zone in strict mode; PostgreSQL would drop the zone without converting).
 */
function dateTimeWithoutZone(value: string): string {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return value;
  if (!match[3]) return `${match[1]} ${match[2]}`;
  const date = new Date(value.trim());
  if (Number.isNaN(date.getTime())) return value;
  const iso = date.toISOString();
  const fraction = iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}`;
}

/**
 * The multi-table target's own value coercion, minimal: only what the shipped examples need (date-times into
 * columns without a time zone); any other value goes as text and the database converts it or refuses the write.
 * Chosen by the column's type name as the catalog reports it, never by which database it is.
 *
 * A shared coercion of values to column types (numbers, booleans, enums, lengths, with rejects) belongs in
 * src/connectors/sql/; once there, this function is the one place to switch to it.
 */
export function createValueCoercion(table: TableMetadata): (row: Record<string, string | null>) => void {
  const coerce = new Map<string, Coerce>();
  for (const column of table.columns) {
    const type = column.dataType.toLowerCase();
    if (type === 'datetime' || type === 'timestamp' || type === 'timestamp without time zone') coerce.set(column.name, dateTimeWithoutZone);
  }
  return (row) => {
    for (const [column, fn] of coerce) {
      const value = row[column];
      if (typeof value === 'string') row[column] = fn(value);
    }
  };
}
