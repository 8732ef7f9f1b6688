/**
 * What leaves the engine as text: a run's and a batch's result documents
 * ({@link saddlelab.experiment.documents.Results}, {@link saddlelab.experiment.documents.Documents}), shared links
 * with their content ids ({@link saddlelab.experiment.documents.Link}), and for clusters the shard plan, its
 * part files and their merge ({@link saddlelab.experiment.documents.Shards},
 * {@link saddlelab.experiment.documents.ShardPart}, {@link saddlelab.experiment.documents.ShardMerge}). The top
 * room of experiment/: the browser, the server and the command line read documents from here.
 */
package saddlelab.experiment.documents;
