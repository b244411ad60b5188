/**
 * A moment as it travels: an ISO 8601 string in JSON. Types that core fills from the database take
 * `Date` instead (`FeedReport<Date>`); JSON turns it into the string the frontends read.
 */
export type Moment = string | Date;
