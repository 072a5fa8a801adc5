/** A row's value by column name, case- and space-insensitive, the first non-empty of the names given. */
export const get = (row: Record<string, string>, ...names: string[]): string => {
  for (const name of names) {
    const key = Object.keys(row).find((k) => k.trim().toLowerCase() === name.toLowerCase());
    if (key !== undefined && row[key] !== undefined && row[key] !== '') return row[key];
  }
  return '';
};
