import NotFoundPage from '../NotFoundPage.js';

/** Placeholder: replaced by its workstream of issue 4 before it is merged. */
export default function MyTimetablePage() {
  return <NotFoundPage />;
}
