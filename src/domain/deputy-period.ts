/** A period in which a deputy stands in for a person (both dates inclusive, `YYYY-MM-DD`). */
export interface DeputyPeriod {
  id: number;
  deputy: string;
  startsOn: string;
  endsOn: string;
}
